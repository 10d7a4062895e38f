-- docklens for Neovim 0.11+: put this directory on 'runtimepath' (or copy
-- this file into ~/.config/nvim/lsp/), then `vim.lsp.enable('docklens')`.
-- Anything here can be overridden with `vim.lsp.config('docklens', {...})`.

---@type vim.lsp.Config
return {
  cmd = { 'docklens', 'lsp', '--stdio' },
  filetypes = { 'dockerfile' },
  -- The server looks for these configuration files beside each Dockerfile
  -- and upwards; the nearest one is a good project root.
  root_markers = { 'docklens.toml', '.docklens.toml', '.hadolint.yaml', '.hadolint.yml', '.git' },
  -- Served to the server's `workspace/configuration` requests (section
  -- `docklens`); keys are those of `docklens config-schema`. An empty Lua
  -- table would go out as the JSON array `[]`, which is not a settings
  -- object (and would replace `init_options`); `vim.empty_dict()` is `{}`.
  settings = {
    docklens = vim.empty_dict(),
  },
}
