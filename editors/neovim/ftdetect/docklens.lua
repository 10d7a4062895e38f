-- Dockerfile names docklens serves that Neovim's own detection may miss
-- (`*.Containerfile` is unknown to Neovim 0.11, and its catch-all for
-- `Dockerfile.*` loses to any known extension: `Dockerfile.x` is rpcgen).
vim.filetype.add({
  extension = {
    Dockerfile = 'dockerfile',
    dockerfile = 'dockerfile',
    Containerfile = 'dockerfile',
    containerfile = 'dockerfile',
  },
  filename = {
    Dockerfile = 'dockerfile',
    Containerfile = 'dockerfile',
  },
  -- Matched against the file name alone, anchored by Neovim; checked
  -- before extensions, highest priority first.
  pattern = {
    ['Dockerfile%..+'] = 'dockerfile',
    ['Containerfile%..+'] = 'dockerfile',
    -- BuildKit's per-Dockerfile ignore files (`Dockerfile.dockerignore`,
    -- `app.Dockerfile.dockerignore`) are ignore files: typed as Neovim
    -- types `.dockerignore`.
    ['.+%.dockerignore'] = { 'gitignore', { priority = 1 } },
  },
})
