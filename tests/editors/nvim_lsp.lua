-- Drives docklens from a real Neovim (0.11+), the way a user's config does:
-- editors/neovim on 'runtimepath', `vim.lsp.config` + `vim.lsp.enable`.
-- Run by tests/editors.rs as `nvim --headless -u NONE -i NONE -n -l THIS`.
--
-- Environment: DOCKLENS_BIN (the server), DOCKLENS_NVIM_RUNTIME
-- (editors/neovim), DOCKLENS_TEST_DIR (a scratch directory holding
-- problem.Dockerfile, go.Dockerfile and an empty docklens.toml),
-- DOCKLENS_TEST_TIMEOUT_MS (how long any one wait may take).
--
-- Exits 0 when every check passes; otherwise prints what it saw and exits 1.

local function getenv(name)
  local value = os.getenv(name)
  if value == nil or value == '' then
    error(name .. ' is not set', 0)
  end
  return value
end

local bin = getenv('DOCKLENS_BIN')
local runtime = getenv('DOCKLENS_NVIM_RUNTIME')
local dir = getenv('DOCKLENS_TEST_DIR')
local timeout = tonumber(os.getenv('DOCKLENS_TEST_TIMEOUT_MS') or '') or 30000

local function say(fmt, ...)
  io.stdout:write(string.format(fmt, ...) .. '\n')
  io.stdout:flush()
end

-- Waits for `cond` to hold; on a timeout fails with `seen()`, which says
-- what was there instead.
local function wait_for(what, cond, seen)
  if vim.wait(timeout, cond, 20) then
    return
  end
  error(string.format('timed out after %d ms waiting for %s; saw: %s', timeout, what, seen()), 0)
end

local function check(ok, fmt, ...)
  if not ok then
    error(string.format(fmt, ...), 0)
  end
end

local function buffer_text(buf)
  return table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), '\n')
end

local function docklens_client(buf)
  return vim.lsp.get_clients({ bufnr = buf, name = 'docklens' })[1]
end

local function open(name)
  vim.cmd.edit(vim.fn.fnameescape(dir .. '/' .. name))
  local buf = vim.api.nvim_get_current_buf()
  check(vim.bo[buf].filetype == 'dockerfile', '%s has filetype %q', name, vim.bo[buf].filetype)
  wait_for('docklens to attach to ' .. name, function()
    return docklens_client(buf) ~= nil
  end, function()
    local names = vim.tbl_map(function(c)
      return c.name
    end, vim.lsp.get_clients())
    return 'clients ' .. vim.inspect(names)
  end)
  return buf, docklens_client(buf)
end

local function test_filetypes()
  local expected = {
    ['Dockerfile'] = 'dockerfile',
    ['Containerfile'] = 'dockerfile',
    ['api.Dockerfile'] = 'dockerfile',
    ['api.Containerfile'] = 'dockerfile',
    ['Dockerfile.dev'] = 'dockerfile',
    ['Containerfile.prod'] = 'dockerfile',
    ['Dockerfile.x'] = 'dockerfile',
    ['Dockerfile.dockerignore'] = 'gitignore',
    ['README.md'] = 'markdown',
  }
  for name, ft in pairs(expected) do
    local got = vim.filetype.match({ filename = dir .. '/' .. name })
    check(got == ft, 'filetype of %s: expected %s, got %s', name, ft, tostring(got))
  end
  say('ok: filetype detection')
end

local function test_diagnostics(buf, client)
  check(client.root_dir == dir, 'root_dir %s, expected %s (docklens.toml is there)', tostring(client.root_dir), dir)
  local function codes()
    local res = {}
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      res[#res + 1] = string.format('%s@%d:%d', tostring(d.code), d.lnum + 1, d.col + 1)
    end
    table.sort(res)
    return res
  end
  local function has(code)
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      if d.code == code then
        return d
      end
    end
  end
  -- DL3006 (untagged FROM) is switched off by the `settings` given to
  -- vim.lsp.config, which the server reads with workspace/configuration.
  -- Until that answer arrives it may be reported, so wait for the end state.
  wait_for('DL3000 reported and DL3006 ignored', function()
    return has('DL3000') ~= nil and has('DL3006') == nil
  end, function()
    return vim.inspect(codes())
  end)
  local d = has('DL3000')
  check(d.lnum == 1 and d.col == 8, 'DL3000 at %d:%d, expected line 2, column 9', d.lnum + 1, d.col + 1)
  check(d.severity == vim.diagnostic.severity.ERROR, 'DL3000 severity %s', tostring(d.severity))
  check(d.message:find('absolute', 1, true) ~= nil, 'DL3000 message: %s', d.message)
  say('ok: diagnostics %s', table.concat(codes(), ' '))
end

local function floating_texts()
  local res = {}
  for _, win in ipairs(vim.api.nvim_list_wins()) do
    if vim.api.nvim_win_get_config(win).relative ~= '' then
      res[#res + 1] = buffer_text(vim.api.nvim_win_get_buf(win))
    end
  end
  return res
end

local function test_hover(buf)
  vim.api.nvim_win_set_cursor(0, { 2, 2 })
  vim.lsp.buf.hover()
  local text
  wait_for('a hover window documenting WORKDIR', function()
    for _, it in ipairs(floating_texts()) do
      if it:find('WORKDIR <path>', 1, true) then
        text = it
        return true
      end
    end
    return false
  end, function()
    return vim.inspect(floating_texts())
  end)
  say('ok: hover shows %q', (text:gsub('\n.*', '')))
  -- Close the float so it does not take the next buffer's place.
  for _, win in ipairs(vim.api.nvim_list_wins()) do
    if vim.api.nvim_win_get_config(win).relative ~= '' then
      vim.api.nvim_win_close(win, true)
    end
  end
  check(vim.api.nvim_get_current_buf() == buf, 'hover moved focus')
end

local function test_semantic_tokens(buf)
  -- Neovim asks for semantic tokens by itself when the server offers them.
  local function types()
    local res = {}
    for _, token in ipairs(vim.inspect_pos(buf, 1, 0).semantic_tokens) do
      res[#res + 1] = token.opts.hl_group
    end
    return res
  end
  wait_for('a semantic token on WORKDIR', function()
    return vim.iter(types()):any(function(group)
      return group:find('keyword', 1, true) ~= nil
    end)
  end, function()
    return vim.inspect(types())
  end)
  say('ok: semantic tokens %s', table.concat(types(), ' '))
end

-- The size figures: an inlay hint on the FROM line (once enabled, as a
-- user's config does) and a code lens with the final size.
local function test_sizes(buf)
  vim.lsp.inlay_hint.enable(true, { bufnr = buf })
  local function hints()
    local res = {}
    for _, item in ipairs(vim.lsp.inlay_hint.get({ bufnr = buf })) do
      local label = item.inlay_hint.label
      if type(label) == 'table' then
        label = table.concat(vim.tbl_map(function(part)
          return part.value
        end, label))
      end
      res[#res + 1] = string.format('%d:%s', item.inlay_hint.position.line + 1, label)
    end
    return res
  end
  wait_for('a size hint on the FROM line', function()
    return vim.iter(hints()):any(function(hint)
      return vim.startswith(hint, '1:') and hint:find('MB', 1, true) ~= nil
    end)
  end, function()
    return vim.inspect(hints())
  end)
  say('ok: inlay hints %s', table.concat(hints(), ' | '))

  local function lenses()
    return vim.tbl_map(function(lens)
      return lens.command and lens.command.title or '(unresolved)'
    end, vim.lsp.codelens.get(buf))
  end
  vim.lsp.codelens.refresh({ bufnr = buf })
  wait_for('a code lens with the image size', function()
    return vim.iter(lenses()):any(function(title)
      return title:find('MB', 1, true) ~= nil
    end)
  end, function()
    vim.lsp.codelens.refresh({ bufnr = buf })
    return vim.inspect(lenses())
  end)
  say('ok: code lens %s', table.concat(lenses(), ' | '))
end

local SPLIT = 'Split into builder stage'

-- window/showMessage texts from the server, in order; recorded instead of
-- echoed so that they do not end up in the test's output.
local messages = {}
vim.lsp.handlers['window/showMessage'] = function(_, result)
  messages[#messages + 1] = result.message
  return vim.NIL
end

local function test_split_builder()
  local buf, client = open('go.Dockerfile')
  local before = buffer_text(buf)
  vim.api.nvim_win_set_cursor(0, { 1, 0 })

  -- First ask directly, so that a missing action fails with the list of
  -- what was offered instead of a silent "no code actions".
  local params = vim.lsp.util.make_range_params(0, client.offset_encoding)
  params.context = { diagnostics = {}, triggerKind = 1 }
  local reply = client:request_sync('textDocument/codeAction', params, timeout, buf)
  check(reply ~= nil and reply.err == nil, 'codeAction request failed: %s', vim.inspect(reply))
  local titles = vim.tbl_map(function(a)
    return a.title
  end, reply.result or {})
  local offered = vim.iter(reply.result or {}):find(function(a)
    return vim.startswith(a.title, SPLIT)
  end)
  check(offered ~= nil, 'no %q action on the FROM line; offered: %s', SPLIT, vim.inspect(titles))
  check(offered.kind == 'refactor.rewrite', 'kind %s', tostring(offered.kind))

  -- Then apply it the way a user does (resolving it first if the server
  -- sends the edit lazily).
  vim.lsp.buf.code_action({
    apply = true,
    filter = function(a)
      return vim.startswith(a.title, SPLIT)
    end,
  })
  wait_for('the buffer to be rewritten', function()
    return buffer_text(buf) ~= before
  end, function()
    return buffer_text(buf)
  end)

  -- The action's command asks the server to explain what the refactor
  -- assumes; the server answers with window/showMessage.
  wait_for('the refactor notes', function()
    return vim.iter(messages):any(function(m)
      return vim.startswith(m, SPLIT) and m:find('CGO_ENABLED=0', 1, true) ~= nil
    end)
  end, function()
    return vim.inspect(messages)
  end)

  local text = buffer_text(buf)
  local froms = {}
  for line in vim.gsplit(text, '\n') do
    if line:match('^FROM ') then
      froms[#froms + 1] = line
    end
  end
  check(#froms == 2, 'expected two stages, got:\n%s', text)
  local builder = froms[1]:match('^FROM golang:alpine AS (%S+)$')
  check(builder ~= nil, 'first stage is not a named golang:alpine builder:\n%s', text)
  check(not froms[2]:find('golang', 1, true), 'runtime stage still on golang:\n%s', text)
  local runtime_at = text:find(froms[2], 1, true)
  local copy_at = text:find('COPY --from=' .. builder .. ' ', 1, true)
  check(copy_at ~= nil and copy_at > runtime_at, 'runtime stage copies nothing from %s:\n%s', builder, text)
  local cmd_at = text:find('CMD ["./main"]', 1, true)
  check(cmd_at ~= nil and cmd_at > runtime_at, 'CMD is not in the runtime stage:\n%s', text)
  say('ok: %s -> %s', SPLIT, froms[2])
end

local function lsp_log_tail()
  local path = vim.lsp.log.get_filename()
  local file = io.open(path, 'r')
  if not file then
    return '(no LSP log at ' .. path .. ')'
  end
  local lines = {}
  for line in file:lines() do
    lines[#lines + 1] = line
  end
  file:close()
  return table.concat(lines, '\n', math.max(1, #lines - 40))
end

local function main()
  check(vim.fn.has('nvim-0.11') == 1, 'Neovim 0.11 or newer is needed, this is %s', tostring(vim.version()))
  vim.opt.runtimepath:prepend(runtime)
  -- Sources ftdetect/*.lua from 'runtimepath', as a user's config would.
  vim.cmd('filetype on')
  test_filetypes()

  -- The shipped config's empty settings must reach the server as an object.
  local shipped = dofile(runtime .. '/lsp/docklens.lua')
  local encoded = vim.json.encode(shipped.settings)
  check(encoded == '{"docklens":{}}', 'lsp/docklens.lua settings encode as %s', encoded)

  vim.lsp.config('docklens', {
    cmd = { bin, 'lsp', '--stdio' },
    settings = { docklens = { ignore = { 'DL3006' } } },
  })
  vim.lsp.enable('docklens')

  local buf, client = open('problem.Dockerfile')
  test_diagnostics(buf, client)
  test_semantic_tokens(buf)
  test_sizes(buf)
  test_hover(buf)
  test_split_builder()
end

local ok, err = xpcall(main, debug.traceback)
if not ok then
  io.stderr:write('FAILED: ' .. tostring(err) .. '\n--- end of the LSP log ---\n' .. lsp_log_tail() .. '\n')
  io.stderr:flush()
  vim.cmd('cquit 1')
end
for _, client in ipairs(vim.lsp.get_clients()) do
  client:stop()
end
vim.cmd('qall!')
