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
  for buf, st in pairs(require('bulletin.state').all()) do
    n = n + 1
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
