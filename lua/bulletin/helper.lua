-- bulletin.helper: the life of the `bulletin rpc` job.
--
-- One helper per Neovim, started lazily by the first bulletin buffer.
-- Handshake: `bulletin_hello` must be answered with protocol == 3; it is
-- asked without blocking (see M._on_hello), and what the plugin sends
-- meanwhile waits in a queue until it passed. If the job dies it
-- is restarted with backoff and every buffer is attached again. A helper
-- that is missing, too old or keeps dying gives ONE message and leaves the
-- buffers in syntax-only mode.
local M = {}

local config = require('bulletin.config')

M.PROTOCOL = 5
M.HANDSHAKE_MS = 3000
M.DEFAULT_GROUPS = {
  'bulletinTag', 'bulletinCue', 'bulletinUnknownTag', 'bulletinTitle', 'bulletinMeta',
  'bulletinChrome', 'bulletinSpeaker', 'bulletinRole', 'bulletinQuote',
}

-- 'stopped' (not started yet), 'starting' (handshake under way), 'running',
-- 'restarting', 'missing', 'old', 'failed'
---@type string
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

--- The plugin's directory (where `make` builds build/bulletin).
---@return string
function M.root()
  return plugin_root()
end

-- The argv of the helper.
---@return string[]
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

local starting = nil -- while the handshake runs: { job, queue, argv, token, exited }

local function on_exit(job, code)
  if stopping[job] then
    stopping[job] = nil
    if starting and starting.job == job then
      starting.exited = code -- the handshake reports it
      M._handshake(starting, nil, 'exit')
    end
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
    fail('failed', string.format('bulletin: helper keeps exiting (status %d%s); '
      .. 'syntax highlighting only, :BulletinRestart to try again', code, tail and (': ' .. tail) or ''))
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

-- The version handshake, asked without blocking: the notification
-- `bulletin_hello` with a token, answered by the helper with a notification
-- of its own (nvim_exec_lua of M._on_hello(token, version map)). Neovim's
-- only way to send a request, vim.rpcrequest(), waits for the answer and
-- runs no input, timers or redraws meanwhile: asking with a request would
-- freeze the UI until the helper answered (or the watchdog killed it).
-- No answer within HANDSHAKE_MS: the helper is stopped ('hung'); an exit
-- first: 'exit' (on_exit).
local hello_seq = 0

-- The end of the handshake s (once): info is the helper's version map, or
-- nil with why = 'hung' or 'exit'.
---@private
function M._handshake(s, info, why)
  if starting ~= s then
    return -- over already, or stopped meanwhile
  end
  local argv = s.argv
  starting = nil
  local job = s.job
  if not job then
    -- an answer before the helper started: cannot happen (the hello is
    -- sent after jobstart), but never flush to nothing
    return fail('failed', 'bulletin: helper ' .. argv[1] .. ' did not start; syntax highlighting only')
  end
  if why == 'hung' then
    pcall(vim.fn.jobstop, job)
    return fail('old', string.format('bulletin: helper %s did not answer the version handshake within %d ms '
      .. '(a build older than the plugin? run `make` in %s); syntax highlighting only', argv[1], M.HANDSHAKE_MS,
      plugin_root()))
  end
  if not info or s.exited then
    pcall(vim.fn.jobstop, job)
    local tail = M.stderr[#M.stderr]
    return fail('failed', string.format('bulletin: helper %s stopped before answering the version handshake%s; '
      .. 'syntax highlighting only', argv[1], tail and (': ' .. tail) or ''))
  end
  if info.protocol ~= M.PROTOCOL then
    pcall(vim.fn.jobstop, job)
    return fail('old', string.format('bulletin: helper %s is too old (protocol %s, need %d); rebuild it with `make`; '
      .. 'syntax highlighting only', argv[1], tostring(info.protocol), M.PROTOCOL))
  end
  stopping[job] = nil
  M.chan = job
  M.info = info
  M.groups = type(info.groups) == 'table' and info.groups or M.DEFAULT_GROUPS
  M.status = 'running'
  M.reason = nil
  notified = false -- a later failure deserves its own message
  local pok, pid = pcall(vim.fn.jobpid, job)
  M.job_pid = pok and pid or nil
  -- what was sent while starting, in order: the config, then the attaches
  for _, n in ipairs(s.queue) do
    pcall(vim.rpcnotify, job, n[1], unpack(n, 2, n.n))
  end
end

--- Starts the helper if needed, without waiting for it: the version
--- handshake is answered later (status 'starting' until then), and what is
--- sent meanwhile (M.notify) reaches the helper once it passed, in order.
---@return boolean # true when the helper runs or is starting (notifications are taken)
function M.start()
  if M.chan or starting then
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
  hello_seq = hello_seq + 1
  local s = { queue = {}, argv = argv, token = hello_seq }
  starting = s
  M.status = 'starting'
  M.send_config()
  -- Starting a process costs Neovim a fork (10-40 ms measured here): it
  -- happens in a later turn of the event loop, so the command that opened
  -- the bulletin returns and redraws first.
  vim.schedule(function()
    if starting ~= s then
      return -- stopped meanwhile
    end
    local ok, job = pcall(vim.fn.jobstart, argv, { rpc = true, on_exit = on_exit, on_stderr = on_stderr })
    if not ok or type(job) ~= 'number' or job <= 0 then
      starting = nil
      return fail('missing', 'bulletin: cannot start helper ' .. argv[1] .. '; syntax highlighting only')
    end
    stopping[job] = true -- until the handshake is done, an exit is the handshake's to report
    s.job = job
    pcall(vim.rpcnotify, job, 'bulletin_hello', s.token)
    vim.defer_fn(function()
      M._handshake(s, nil, 'hung')
    end, M.HANDSHAKE_MS)
  end)
  return true
end

--- Waits (running the event loop) until the handshake of a starting helper
--- is over, at most ms. Returns the status then.
---@param ms integer
---@return string
function M.wait_started(ms)
  if starting then
    vim.wait(ms, function()
      return starting == nil
    end, 10)
  end
  return M.status
end

--- Sends the options the helper uses (vocabulary, lint mode).
function M.send_config()
  local vocab = config.options.vocab
  local timing = config.options.timing or {}
  for _, k in ipairs({ 'target', 'story_target', 'wpm', 'soundbite_wpm', 'hangul_spm' }) do
    if timing[k] ~= nil then -- as the .bulletinrc key timing.K (:help bulletin-timing)
      vocab = vim.tbl_extend('force', vocab or {}, { ['timing.' .. k] = { tostring(timing[k]) } })
    end
  end
  if type(vocab) ~= 'table' or next(vocab) == nil then
    vocab = vim.empty_dict()
  end
  M.notify('bulletin_config', { vocab = vocab, lint = config.options.lint })
end

--- Sends a notification if the helper is running; while it is starting,
--- keeps it to send (in order) once the handshake passed.
---@param method string
---@return boolean # false when there is no helper to send it to
function M.notify(method, ...)
  if starting then
    starting.queue[#starting.queue + 1] = { method, n = select('#', ...) + 1, ... }
    return true
  end
  if not M.chan then
    return false
  end
  return (pcall(vim.rpcnotify, M.chan, method, ...))
end

--- Stops the helper (on purpose: no restart).
function M.stop()
  if starting then
    if starting.job then
      stopping[starting.job] = true
      pcall(vim.fn.jobstop, starting.job)
    end
    starting = nil
  end
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
---@return boolean # as start()
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

-- The helper's answer to `bulletin_hello`: the token it was sent and its
-- version map. An answer with another token (a helper stopped since) is
-- ignored.
---@param token integer
---@param info table
---@return boolean
function M._on_hello(token, info)
  local s = starting
  if s and s.job and s.token == token then
    M._handshake(s, type(info) == 'table' and info or {}, nil)
  end
  return true
end
---@param payload table a push (PROTOCOL.md, "Pushes")
---@return boolean
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
---@param msg string
---@return boolean
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
