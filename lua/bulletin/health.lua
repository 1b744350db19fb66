-- bulletin.health: :checkhealth bulletin
local M = {}

-- vim.health (0.9+: start/ok/...; 0.8: also report_*) or 0.7's require('health').
local h = vim.health
if not h or not (h.start or h.report_start) then
  h = require('health')
end
local start = h.start or h.report_start
local ok = h.ok or h.report_ok
local warn = h.warn or h.report_warn
local error = h.error or h.report_error
local info = h.info or h.report_info

-- Answers of bulletin_vocab, by token (PROTOCOL.md): the helper answers
-- the notification with one of its own, so Neovim never blocks on it.
local answers = {}
local next_token = 0

---@param token integer
---@param answer table
---@return boolean
function M._on_vocab(token, answer)
  if type(token) == 'number' then
    answers[token] = type(answer) == 'table' and answer or {}
  end
  return true
end

--- What configures buffer buf, asked of the helper (waits at most ms), or
--- nil when it does not answer.
---@param buf integer
---@param ms integer
---@return table|nil
function M.vocab(buf, ms)
  next_token = next_token + 1
  local token = next_token
  if not require('bulletin.helper').notify('bulletin_vocab', buf, token) then
    return nil
  end
  vim.wait(ms, function()
    return answers[token] ~= nil
  end, 10)
  local r = answers[token]
  answers[token] = nil
  return r
end

local function nz(v)
  return v ~= nil and v ~= vim.NIL and v ~= ''
end

-- The .bulletinrc and dialect in force for buf, as the helper says.
local function report_vocab(buf)
  local name = vim.api.nvim_buf_get_name(buf)
  local v = M.vocab(buf, 1000)
  if not v then
    warn(string.format('buffer %d (%s): the helper did not say which vocabulary is in force', buf, name))
    return
  end
  local rc = nz(v.rc) and v.rc or 'no .bulletinrc'
  local dialect = nz(v.dialect) and v.dialect or '(none named)'
  local n = type(v.templates) == 'table' and #v.templates or 0
  info(string.format('buffer %d (%s): %s, dialect %s, %d attribution template(s)', buf, name, rc, dialect, n))
  if nz(v.config_error) then
    warn('setup({ vocab }) was refused: ' .. tostring(v.config_error),
      { 'Fix the vocab table given to require("bulletin").setup()' })
  end
end

--- :checkhealth bulletin: Neovim, the helper (started and asked for its
--- version if it does not run yet), the options, the attached buffers.
function M.check()
  start('bulletin')
  if vim.fn.has('nvim-0.7') == 1 then
    ok('Neovim ' .. tostring(vim.version().major) .. '.' .. tostring(vim.version().minor))
  else
    error('Neovim 0.7 or later is required')
  end
  local config = require('bulletin.config')
  local helper = require('bulletin.helper')
  local argv = helper.argv()
  info('helper: ' .. table.concat(argv, ' '))
  if vim.fn.executable(argv[1]) ~= 1 then
    error('helper not found: ' .. argv[1],
      { 'Run `make` in ' .. helper.root(), 'or set require("bulletin").setup{cmd = "/path/to/bulletin"}' })
  else
    ok('helper is executable')
    local started = helper.chan ~= nil
    -- the check may wait for the handshake: it is what it reports
    local running = helper.start() and helper.wait_started(helper.HANDSHAKE_MS + 500) == 'running'
    if running then
      local v = helper.info or {}
      ok(string.format('helper answers: %s %s, protocol %s (the plugin needs %d)', tostring(v.name),
        tostring(v.version), tostring(v.protocol), helper.PROTOCOL))
      if not started then
        info('the helper was started for this check; it serves the next bulletin buffer')
      end
    else
      error(helper.reason or ('helper status: ' .. helper.status),
        { 'Rebuild it with `make`', ':BulletinRestart after fixing it' })
    end
  end
  if helper.reason then
    warn('syntax-only mode: ' .. helper.reason)
  end
  local lint = config.options.lint
  ok('lint: ' .. tostring(lint))
  local n = 0
  local running = helper.status == 'running'
  for buf, st in pairs(require('bulletin.state').all()) do
    n = n + 1
    if running and not st.refused and vim.api.nvim_buf_is_valid(buf) then
      report_vocab(buf)
    end
    if st.refused then
      warn(string.format('buffer %d (%s) was refused by the helper (more lines than it takes): '
        .. 'syntax highlighting only for it', buf, vim.api.nvim_buf_get_name(buf)),
        { ':edit it or :BulletinRestart to try again' })
    end
  end
  info(n .. ' bulletin buffer(s) attached')
  if vim.fn.exists('g:bulletin_no_maps') == 1 and vim.g.bulletin_no_maps ~= 0 then
    info('g:bulletin_no_maps is set: no buffer-local maps')
  end
end

return M
