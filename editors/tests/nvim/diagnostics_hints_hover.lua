-- models/fashion_cnn.nn: a typo gets a diagnostic while typing; shape hints; hover on a layer.
local h = dofile(os.getenv('NNC_TESTS') .. '/harness.lua')
h.start()
local b = h.open('fashion_cnn.nn')

local hints = h.request(b, 'textDocument/inlayHint', {
  textDocument = { uri = vim.uri_from_bufnr(b) },
  range = { start = { line = 0, character = 0 }, ['end'] = { line = 100, character = 0 } },
}) or {}
local labels = {}
for _, x in ipairs(hints) do labels[#labels + 1] = x.position.line .. ':' .. x.label end
h.check('shape hint after convBlock(32)', vim.tbl_contains(labels, '8:\u{25B8} (32, 14, 14)'), labels)
h.check('shape hint after affine(256)', vim.tbl_contains(labels, '10:\u{25B8} (256)'), labels)

local hover = h.request(b, 'textDocument/hover', h.params(b, 10, 6))
local value = hover and hover.contents and hover.contents.value or ''
h.check('hover shows in -> out shape', value:find('(64, 7, 7) \u{2192} (256)', 1, true) ~= nil, value)
h.check('hover shows the weights', value:find('W (3136, 256), b (256)', 1, true) ~= nil, value)

-- Type a typo into `batchnorm` in convBlock (line 4): the server re-checks the unsaved text.
local line = vim.api.nvim_buf_get_lines(b, 3, 4, false)[1]
vim.api.nvim_buf_set_lines(b, 3, 4, false, { (line:gsub('batchnorm', 'batchnrom')) })
h.check('diagnostic after a typo', h.wait_diagnostics(b, function(d)
  return h.has_message(d, "unknown layer 'batchnrom'")
end), vim.diagnostic.get(b))
local d = vim.diagnostic.get(b)[1] or {}
h.check('diagnostic is on the typo', d.lnum == 3 and d.col == line:find('batchnorm', 1, true) - 1, d)
h.check('diagnostic carries the hint', (d.message or ''):find("did you mean 'batchnorm'?", 1, true) ~= nil, d)

vim.api.nvim_buf_set_lines(b, 3, 4, false, { line })
h.check('diagnostic cleared when fixed', h.wait_diagnostics(b, function(x) return #x == 0 end),
  vim.diagnostic.get(b))
h.finish()
