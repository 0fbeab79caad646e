-- Shared by the scenario scripts: loads the documented set-up (editors/nvim/nnc.lua) with `nnc lsp` from this
-- build ($NNC_LSP), opens files from the scratch copy of the models in $NNC_WORK, and counts checks.
local M = { passed = 0, failed = 0 }

local function out(s)
  io.stdout:write(s .. '\n')
  io.stdout:flush()
end

function M.check(name, ok, detail)
  if ok then
    M.passed = M.passed + 1
    out('ok   ' .. name)
  else
    M.failed = M.failed + 1
    out('FAIL ' .. name .. (detail ~= nil and (': ' .. vim.inspect(detail)) or ''))
  end
end

M.work = os.getenv('NNC_WORK')

-- Loads the documented set-up (editors/nvim/nnc.lua) with the server command of this build.
function M.start()
  vim.g.nnc_cmd = { os.getenv('NNC_LSP') }
  dofile(os.getenv('NNC_TESTS') .. '/../../nvim/nnc.lua')
end

-- Opens a file of the scratch copy; the set-up's autocommands start the server and attach it.
function M.open(relative)
  vim.cmd('edit ' .. vim.fn.fnameescape(M.work .. '/' .. relative))
  local b = vim.api.nvim_get_current_buf()
  M.check('filetype nn on ' .. relative, vim.bo[b].filetype == 'nn', vim.bo[b].filetype)
  local ready = vim.wait(20000, function()
    for _, c in pairs(vim.lsp.buf_get_clients(b)) do
      if c.name == 'nnc' and c.initialized then
        M.client = c.id
        return true
      end
    end
    return false
  end, 20)
  assert(ready, 'nnc lsp did not start for ' .. relative)
  return b
end

function M.params(b, line, character)
  return { textDocument = { uri = vim.uri_from_bufnr(b) }, position = { line = line, character = character } }
end

-- A request's result (nil and the error when it failed or timed out).
function M.request(b, method, params)
  local responses, err = vim.lsp.buf_request_sync(b, method, params, 20000)
  if not responses then
    return nil, err or 'timeout'
  end
  for _, r in pairs(responses) do
    return r.result, r.err
  end
  return nil, 'no response'
end

function M.wait_diagnostics(b, predicate)
  return vim.wait(20000, function() return predicate(vim.diagnostic.get(b)) end, 20)
end

function M.has_message(diags, text)
  for _, d in ipairs(diags) do
    if d.message:find(text, 1, true) then
      return true
    end
  end
  return false
end

function M.text(b)
  return table.concat(vim.api.nvim_buf_get_lines(b, 0, -1, false), '\n')
end

function M.finish()
  out(string.format('%d passed, %d failed', M.passed, M.failed))
  vim.lsp.stop_client(M.client)
  vim.cmd(M.failed == 0 and M.passed > 0 and 'qa!' or 'cquit 1')
end

return M
