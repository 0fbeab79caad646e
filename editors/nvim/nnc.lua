-- The Neovim set-up for .nn files (editors/README.md): the `nn` filetype, and `nnc lsp` attached to every .nn
-- buffer (one server for all). Neovim 0.7+, no plugin. From init.lua: dofile('/path/to/nnc/editors/nvim/nnc.lua')
-- Options, set before: vim.g.nnc_cmd (default { 'nnc', 'lsp' }); vim.g.nnc_inlay_hints ({ shapes = true,
-- blocks = true, costs = true } by default; each switches a kind of hint).
vim.api.nvim_create_autocmd({ 'BufRead', 'BufNewFile' }, { pattern = '*.nn', command = 'setfiletype nn' })

local client_id
vim.api.nvim_create_autocmd('FileType', {
  pattern = 'nn',
  callback = function(args)
    if not client_id or vim.lsp.get_client_by_id(client_id) == nil then
      client_id = vim.lsp.start_client({
        name = 'nnc',
        cmd = vim.g.nnc_cmd or { 'nnc', 'lsp' },
        root_dir = vim.fn.getcwd(),
        init_options = { inlayHints = vim.g.nnc_inlay_hints },
      })
    end
    vim.lsp.buf_attach_client(args.buf, client_id)
    vim.bo[args.buf].omnifunc = 'v:lua.vim.lsp.omnifunc'
    vim.bo[args.buf].commentstring = '// %s'
    -- Neovim 0.10+ draws inlay hints (the shape after each layer); 0.7-0.9 cannot.
    if vim.lsp.inlay_hint and vim.lsp.inlay_hint.enable then
      pcall(vim.lsp.inlay_hint.enable, true, { bufnr = args.buf })
    end
  end,
})
