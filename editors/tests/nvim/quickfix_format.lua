-- A quick fix from the compiler's hint, applied and re-checked; then formatting the document.
local h = dofile(os.getenv('NNC_TESTS') .. '/harness.lua')
h.start()
local b = h.open('typo.nn')
h.check('two errors', h.wait_diagnostics(b, function(d) return #d == 2 end), vim.diagnostic.get(b))

local function fix(message)
  for _, d in ipairs(vim.diagnostic.get(b)) do
    if d.message:find(message, 1, true) then
      local range = { start = { line = d.lnum, character = d.col }, ['end'] = { line = d.end_lnum, character = d.end_col } }
      local actions = h.request(b, 'textDocument/codeAction', {
        textDocument = { uri = vim.uri_from_bufnr(b) }, range = range, context = { diagnostics = {} } }) or {}
      return actions[1]
    end
  end
end

local action = fix('batchnrom')
h.check('quick fix offered', action ~= nil and action.title == "Change to 'batchnorm'", action)
if action then vim.lsp.util.apply_workspace_edit(action.edit, 'utf-16') end
h.check('one error left after the fix', h.wait_diagnostics(b, function(d)
  return #d == 1 and not h.has_message(d, 'batchnrom')
end), vim.diagnostic.get(b))
action = fix('epoch')
h.check('train key fix offered', action ~= nil and action.title == "Change to 'epochs'", action)
if action then vim.lsp.util.apply_workspace_edit(action.edit, 'utf-16') end
h.check('no errors after both fixes', h.wait_diagnostics(b, function(d) return #d == 0 end), vim.diagnostic.get(b))

vim.api.nvim_buf_set_lines(b, 0, -1, false, { 'model U{', 'input(4)', 'affine(2)-softmax  // out', '}' })
if vim.fn.has('nvim-0.8') == 1 then
  vim.lsp.buf.format({ timeout_ms = 20000 })
else
  vim.lsp.buf.formatting_sync(nil, 20000)
end
h.check('formatted', h.text(b) == 'model U {\n    input(4)\n    affine(2) - softmax // out\n}', h.text(b))
h.finish()
