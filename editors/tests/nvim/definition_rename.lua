-- Go to definition and rename of a fun across `import "lib/blocks.nn"`.
local h = dofile(os.getenv('NNC_TESTS') .. '/harness.lua')
h.start()
local b = h.open('residual_mlp.nn')
local use = h.params(b, 10, 6) -- residualBlock(width) x depth

local def = h.request(b, 'textDocument/definition', use) or {}
local loc = def[1] or def
h.check('definition is in lib/blocks.nn', loc.uri ~= nil and loc.uri:sub(-#'lib/blocks.nn') == 'lib/blocks.nn', def)
h.check('definition is the fun name', loc.range ~= nil and loc.range.start.line == 3 and loc.range.start.character == 4,
  loc)

local refs = h.request(b, 'textDocument/references',
  vim.tbl_extend('force', use, { context = { includeDeclaration = true } })) or {}
h.check('references: the declaration and the use', #refs == 2, refs)

local edit = h.request(b, 'textDocument/rename', vim.tbl_extend('force', use, { newName = 'preActBlock' }))
h.check('rename edits both files', edit ~= nil and edit.changes ~= nil and vim.tbl_count(edit.changes) == 2, edit)
vim.lsp.util.apply_workspace_edit(edit, 'utf-16')
h.check('use renamed', h.text(b):find('preActBlock(width) x depth', 1, true) ~= nil, h.text(b))
local lib = vim.fn.bufnr(h.work .. '/lib/blocks.nn')
h.check('declaration renamed in lib/blocks.nn', lib > 0 and h.text(lib):find('fun preActBlock(', 1, true) ~= nil,
  lib > 0 and h.text(lib) or 'not loaded')
vim.cmd('silent wall')
-- Saved: the program still compiles (no diagnostics on the main file).
h.check('renamed program compiles', h.wait_diagnostics(b, function(d) return #d == 0 end), vim.diagnostic.get(b))
h.finish()
