-- Completion of layers with the current shape; train keys and optimizers; signature help in adam(.
local h = dofile(os.getenv('NNC_TESTS') .. '/harness.lua')
h.start()
local b = h.open('fashion_cnn.nn')

local function labels(result)
  local items = result and (result.items or result) or {}
  local out = {}
  for _, i in ipairs(items) do out[i.label] = i end
  return out
end

local layers = labels(h.request(b, 'textDocument/completion', h.params(b, 10, 4)))
h.check('layers offered', layers.affine ~= nil and layers.conv ~= nil and layers.relu ~= nil, vim.tbl_keys(layers))
h.check('detail has the current shape', layers.affine and
  layers.affine.detail == 'affine(units, init = he, bias = true): (64, 7, 7) \u{2192} (units)', layers.affine)
h.check('the file\'s funs offered', layers.convBlock ~= nil, vim.tbl_keys(layers))

-- A new line in the train block: keys; after `optimizer = `: optimizers.
vim.api.nvim_buf_set_lines(b, 20, 20, false, { '        ', '        optimizer = adam(' })
local keys = labels(h.request(b, 'textDocument/completion', h.params(b, 20, 8)))
h.check('train keys offered', keys.epochs ~= nil and keys.batchSize ~= nil and keys.data ~= nil, vim.tbl_keys(keys))
local opts = labels(h.request(b, 'textDocument/completion', h.params(b, 21, 20)))
h.check('optimizers offered after optimizer =', opts.adam ~= nil and opts.sgd ~= nil, vim.tbl_keys(opts))
local sig = h.request(b, 'textDocument/signatureHelp', h.params(b, 21, 25)) or {}
local label = sig.signatures and sig.signatures[1] and sig.signatures[1].label
h.check('signature help in adam(', label == 'adam(lr = 0.001, beta1 = 0.9, beta2 = 0.999, eps = 1.0E-8)', sig)
h.finish()
