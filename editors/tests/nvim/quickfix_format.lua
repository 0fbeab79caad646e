-- Quick fixes from the compiler's diagnostics (two did-you-mean names, then the missing train key), each applied
-- and re-checked; then formatting the document.
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
-- With the errors gone the model compiles, and nnc train would still want data: a note (severity INFO) with a fix.
h.check('no errors after both fixes, a note for the missing data', h.wait_diagnostics(b, function(d)
  return #d == 1 and d[1].severity == vim.diagnostic.severity.INFO and h.has_message(d, 'names no data')
end), vim.diagnostic.get(b))
action = fix('names no data')
h.check('missing train key fix offered', action ~= nil and action.title == "Add 'data = fashionMnist()' to the train block",
  action)
if action then vim.lsp.util.apply_workspace_edit(action.edit, 'utf-16') end
h.check('nothing left after the third fix', h.wait_diagnostics(b, function(d) return #d == 0 end), vim.diagnostic.get(b))
h.check('the train block as fixed', h.text(b):find('train { data = fashionMnist(); epochs = 5 }', 1, true) ~= nil,
  h.text(b))

vim.api.nvim_buf_set_lines(b, 0, -1, false, { 'model U{', 'input(4)', 'affine(2)-softmax  // out', '}' })
if vim.fn.has('nvim-0.8') == 1 then
  vim.lsp.buf.format({ timeout_ms = 20000 })
else
  vim.lsp.buf.formatting_sync(nil, 20000)
end
h.check('formatted', h.text(b) == 'model U {\n    input(4)\n    affine(2) - softmax // out\n}', h.text(b))
h.finish()
