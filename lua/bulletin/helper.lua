-- bulletin.helper: the life of the `bulletin rpc` job.
--
-- One helper per Neovim, started lazily by the first bulletin buffer.
-- Handshake: `bulletin_version` must answer protocol == 2. If the job dies it
-- is restarted with backoff and every buffer is attached again. A helper
-- that is missing, too old or keeps dying gives ONE message and leaves the
-- buffers in syntax-only mode.
local M = {}

local config = require('bulletin.config')

M.PROTOCOL = 2
M.HANDSHAKE_MS = 3000
M.DEFAULT_GROUPS = {
  'bulletinTag', 'bulletinCue', 'bulletinUnknownTag', 'bulletinTitle', 'bulletinMeta',
  'bulletinChrome', 'bulletinSpeaker', 'bulletinRole', 'bulletinQuote',
}

-- 'stopped' (not started yet), 'running', 'restarting', 'missing', 'old', 'failed'
M.status = 'stopped'
M.chan = nil
M.job_pid = nil
M.info = nil -- the bulletin_version answer
M.groups = M.DEFAULT_GROUPS
M.reason = nil -- why we are in syntax-only mode
M.stderr = {} -- last lines the helper wrote to stderr

local restarts = {} -- hrtimes of recent restarts
local pending_error = nil -- a fatal error the helper reported, not shown yet
local shown_errors = {} -- fatal errors shown since the last :BulletinRestart
local stopping = {} -- job ids we stopped on purpose
local notified = false

local uv = vim.uv or vim.loop

local function plugin_root()
  local src = debug.getinfo(1, 'S').source
  if src:sub(1, 1) == '@' then
    src = src:sub(2)
  end
  return vim.fn.fnamemodify(src, ':p:h:h:h')
end

function M.root()
  return plugin_root()
end

-- The argv of the helper.
function M.argv()
  local cmd = config.options.cmd
  if type(cmd) == 'table' then
    return vim.deepcopy(cmd)
  end
  if type(cmd) ~= 'string' or cmd == '' then
    cmd = plugin_root() .. '/build/bulletin'
  end
  return { vim.fn.expand(cmd), 'rpc' }
end

-- One message, ever, per failure streak (reset by restart()).
local function say(msg, level)
  if notified then
    return
  end
  notified = true
  vim.schedule(function()
    vim.notify(msg, level or vim.log.levels.WARN)
  end)
end

local function on_fallback()
  -- Turn decorations off everywhere: syntax highlighting takes over.
  local ok, core = pcall(require, 'bulletin.buffer')
  if ok then
    core.fallback_all()
  end
end

local function fail(status, msg)
  pending_error = nil -- the message below says it (the stderr tail)
  M.status = status
  M.reason = msg
  M.chan = nil
  say(msg)
  on_fallback()
  return false
end

local function on_exit(job, code)
  if stopping[job] then
    stopping[job] = nil
    return
  end
  if job ~= M.chan then
    return
  end
  M.chan = nil
  M.job_pid = nil
  local now = uv.hrtime()
  local recent = {}
  for _, t in ipairs(restarts) do
    if now - t < 60e9 then
      recent[#recent + 1] = t
    end
  end
  restarts = recent
  if #restarts >= config.options.max_restarts then
    local tail = M.stderr[#M.stderr]
    fail('failed', string.format('bulletin: helper keeps exiting (status %d%s); syntax highlighting only, :BulletinRestart to try again',
      code, tail and (': ' .. tail) or ''))
    return
  end
  restarts[#restarts + 1] = now
  M.status = 'restarting'
  local delay = 50 * 2 ^ (#restarts - 1)
  vim.defer_fn(function()
    if M.status ~= 'restarting' then
      return
    end
    M.status = 'stopped'
    if M.start() then
      require('bulletin.buffer').reattach_all()
    end
  end, delay)
end

local function on_stderr(_, data)
  for _, l in ipairs(data or {}) do
    if l ~= '' then
      M.stderr[#M.stderr + 1] = l
      if #M.stderr > 20 then
        table.remove(M.stderr, 1)
      end
    end
  end
end

-- Starts the helper if needed. Returns true when it is running.
function M.start()
  if M.chan then
    return true
  end
  if M.status == 'missing' or M.status == 'old' or M.status == 'failed' then
    return false
  end
  if M.status == 'restarting' then
    return false
  end
  local argv = M.argv()
  if vim.fn.executable(argv[1]) ~= 1 then
    return fail('missing', 'bulletin: helper not found: ' .. argv[1]
      .. ' (run `make` in ' .. plugin_root() .. '); syntax highlighting only')
  end
  local ok, chan = pcall(vim.fn.jobstart, argv, { rpc = true, on_exit = on_exit, on_stderr = on_stderr })
  if not ok or type(chan) ~= 'number' or chan <= 0 then
    return fail('missing', 'bulletin: cannot start helper ' .. argv[1] .. '; syntax highlighting only')
  end
  -- The handshake is the one request that blocks; a helper that does not
  -- answer it is killed by a watchdog (a libuv timer runs while rpcrequest
  -- waits), so Neovim cannot hang on it.
  local pok, pid = pcall(vim.fn.jobpid, chan)
  local hung = false
  local watchdog = uv.new_timer()
  watchdog:start(M.HANDSHAKE_MS, 0, function()
    hung = true
    if pok and pid and pid > 0 then
      uv.kill(pid, 'sigkill')
    end
  end)
  stopping[chan] = true -- until the handshake is done, an exit is ours to report
  local ok2, info = pcall(vim.rpcrequest, chan, 'bulletin_version')
  watchdog:stop()
  watchdog:close()
  if hung then
    pcall(vim.fn.jobstop, chan)
    return fail('old', string.format('bulletin: helper %s did not answer the version handshake within %d ms; syntax highlighting only',
      argv[1], M.HANDSHAKE_MS))
  end
  if not ok2 then
    pcall(vim.fn.jobstop, chan)
    local tail = M.stderr[#M.stderr]
    return fail('failed', string.format('bulletin: helper %s stopped before answering the version handshake%s; syntax highlighting only',
      argv[1], tail and (': ' .. tail) or ''))
  end
  if type(info) ~= 'table' or info.protocol ~= M.PROTOCOL then
    pcall(vim.fn.jobstop, chan)
    local got = ok2 and type(info) == 'table' and tostring(info.protocol) or 'none'
    return fail('old', string.format('bulletin: helper %s is too old (protocol %s, need %d); rebuild it with `make`; syntax highlighting only',
      argv[1], got, M.PROTOCOL))
  end
  stopping[chan] = nil
  M.chan = chan
  M.info = info
  M.groups = type(info.groups) == 'table' and info.groups or M.DEFAULT_GROUPS
  M.status = 'running'
  M.reason = nil
  notified = false -- a later failure deserves its own message
  M.job_pid = pok and pid or nil
  M.send_config()
  return true
end

function M.send_config()
  if not M.chan then
    return
  end
  local vocab = config.options.vocab
  if type(vocab) ~= 'table' or next(vocab) == nil then
    vocab = vim.empty_dict()
  end
  pcall(vim.rpcnotify, M.chan, 'bulletin_config', { vocab = vocab, lint = config.options.lint })
end

-- Sends a notification if the helper is running.
function M.notify(method, ...)
  if not M.chan then
    return false
  end
  return (pcall(vim.rpcnotify, M.chan, method, ...))
end

-- Stops the helper (on purpose: no restart).
function M.stop()
  if M.chan then
    stopping[M.chan] = true
    pcall(vim.fn.jobstop, M.chan)
  end
  M.chan = nil
  M.job_pid = nil
  M.status = 'stopped'
end

-- Forgets past failures: the next start() tries again and may say why.
function M.forget()
  restarts = {}
  shown_errors = {}
  pending_error = nil
  notified = false
  M.reason = nil
  M.stderr = {}
end

-- :BulletinRestart: forget failures and start again.
function M.restart()
  M.stop()
  M.forget()
  -- buffers the helper refused get another chance
  local ok, buffer = pcall(require, 'bulletin.buffer')
  if ok then
    buffer.forget_refusals()
  end
  return M.start()
end

-- Entry points the helper calls through nvim_exec_lua.
function M._on_push(payload)
  local ok, err = pcall(function()
    require('bulletin.buffer').apply(payload)
  end)
  if not ok then
    vim.schedule(function()
      vim.notify('bulletin: applying helper results failed: ' .. tostring(err), vim.log.levels.ERROR)
    end)
  end
  return true
end


-- A fatal error the helper reports before it exits: ONE notification. If
-- the exit then gives up on the helper, that message carries the error (the
-- stderr tail) and this one is dropped; if the helper restarts, this one is
-- shown, once per distinct message until :BulletinRestart.
function M._on_error(msg)
  msg = tostring(msg)
  M.stderr[#M.stderr + 1] = msg
  pending_error = msg
  vim.defer_fn(function()
    if pending_error ~= msg then
      return
    end
    pending_error = nil
    if shown_errors[msg] then
      return
    end
    shown_errors[msg] = true
    vim.notify(msg:match('^bulletin:') and msg or ('bulletin: helper error: ' .. msg), vim.log.levels.ERROR)
  end, 300)
  return true
end

return M
