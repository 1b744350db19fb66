-- bulletin.buffer: attaching buffers to the helper and applying its pushes.
local M = {}

local api = vim.api
local config = require('bulletin.config')
local state = require('bulletin.state')
local helper = require('bulletin.helper')
local highlight = require('bulletin.highlight')
local spans = require('bulletin.spans')
local folds = require('bulletin.folds')
local manualfolds = require('bulletin.manualfolds')
local lint = require('bulletin.lint')

local group = api.nvim_create_augroup('bulletin', { clear = false })
local defined = false

local function valid(buf)
  return api.nvim_buf_is_valid(buf) and api.nvim_buf_is_loaded(buf)
end

-- Regex syntax off (our spans are drawn instead); remembers it.
local function syntax_off(st)
  local buf = st.buf
  if vim.bo[buf].syntax ~= 'OFF' and vim.bo[buf].syntax ~= '' then
    st.saved_syntax = vim.bo[buf].syntax
    api.nvim_buf_call(buf, function()
      vim.cmd('setlocal syntax=OFF')
    end)
  end
end

-- Decorations on: regex syntax off, fold options in every window.
local function activate(st)
  local buf = st.buf
  if st.active or not valid(buf) then
    return
  end
  st.active = true
  st.drawing = false
  syntax_off(st)
  if config.options.folds then
    for _, win in ipairs(vim.fn.win_findbuf(buf)) do
      if not (st.manual and st.fwin[win] ~= nil) then -- else built as pieces came
        folds.set_win(win, st)
      end
      st.wins[win] = true
    end
    manualfolds.resume_build(st)
  end
end

-- Decorations off: back to regex syntax, the user's fold options.
local function deactivate(st, unloading)
  local buf = st.buf
  if not st.active and not st.drawing then
    return
  end
  st.active = false
  st.drawing = false
  highlight.clear(buf)
  folds.mirror_drop(buf)
  if not unloading and valid(buf) then
    -- every window showing buf (splits copy the options without telling)
    for _, win in ipairs(vim.fn.win_findbuf(buf)) do
      folds.unset_win(win)
    end
    if st.saved_syntax and vim.bo[buf].syntax == 'OFF' then
      api.nvim_buf_call(buf, function()
        vim.cmd('setlocal syntax=' .. st.saved_syntax)
      end)
    end
  end
  st.wins = {}
  st.fwin, st.fdirty = {}, nil
  st.saved_syntax = nil
end

local function send_attach(buf)
  -- fetch: the helper reads the text in slices of 4,096 lines
  -- (nvim_buf_get_lines), not in one whole-buffer event that would stall
  -- Neovim while it is serialised (PROTOCOL.md)
  local opts = { path = api.nvim_buf_get_name(buf), fetch = true }
  local bl = vim.b[buf].bulletin_lint
  if bl == 'off' or bl == 'save' or bl == 'change' then
    opts.lint = bl
  end
  return helper.notify('bulletin_attach', buf, opts)
end

-- Attaches buf (a bulletin buffer). Idempotent.
---@param buf integer|nil 0 or nil: the current buffer
function M.attach(buf)
  if buf == 0 or buf == nil then
    buf = api.nvim_get_current_buf()
  end
  if state.get(buf) or not valid(buf) then
    return
  end
  if not defined then
    defined = true
    highlight.setup()
    api.nvim_create_autocmd('ColorScheme', { group = group, callback = highlight.define })
  end
  local st = state.new(buf)
  -- the tick can move without a text change (:edit ends by resetting
  -- 'modified'): results for the text as it is now are in sync
  st.lines_tick = api.nvim_buf_get_changedtick(buf)
  -- Splice the caches on every edit, before Neovim re-evaluates folds and
  -- redraws: folds and highlights move with the text before the helper
  -- answers.
  api.nvim_buf_attach(buf, false, {
    on_bytes = function(_, _, _, srow, scol, _, oer, oec, _, ner, nec)
      if st.dropped then
        return true
      end
      if st.refused then
        return
      end
      if st.partial then
        st.mirror_n = nil -- the fold mirror is built whole after the last piece
      end
      spans.splice(st, srow, scol, oer, oec, ner, nec)
      if oer ~= ner then
        local first = (scol == 0 and oec == 0 and nec == 0) and srow or srow + 1
        local fill = state.splice_folds(st, first, oer, ner)
        if not st.manual then
          folds.mirror_splice(st, first, oer, ner, fill)
        elseif next(st.fwin) then
          manualfolds.note_edit(st, first, oer, ner)
        end
      end
    end,
    on_lines = function(_, _, tick)
      if st.dropped then
        return true
      end
      if tick then
        st.lines_tick = tick
      end
    end,
    on_reload = function()
      if st.dropped then
        return
      end
      st.folds, st.queue, st.partial = {}, {}, nil
      spans.clear(st)
      st.lines_tick = api.nvim_buf_get_changedtick(buf)
      vim.schedule(function()
        if not st.dropped and valid(buf) then
          if st.refused then
            M.retry(buf) -- :edit tries a refused buffer again
          elseif not st.manual then
            folds.mirror_full(st)
          end
        end
      end)
    end,
    on_detach = function()
      st.lua_detached = true
      -- Neovim no longer reports this buffer's changes (unloaded, or its
      -- callbacks detached): the caches cannot follow the text, so
      -- everything the buffer owns goes (helper state, decorations,
      -- diagnostics, autocommands), as gitsigns does in its on_detach
      vim.schedule(function()
        if state.get(buf) == st and not st.dropped then
          M.detach(buf, not valid(buf))
        end
      end)
    end,
  })
  api.nvim_create_autocmd('BufWritePre', {
    group = group,
    buffer = buf,
    callback = function()
      require('bulletin.fix').on_save(buf) -- nothing unless fix_on_save
    end,
  })
  api.nvim_create_autocmd('BufWritePost', {
    group = group,
    buffer = buf,
    callback = function()
      helper.notify('bulletin_saved', buf)
    end,
  })
  api.nvim_create_autocmd({ 'BufUnload', 'BufDelete' }, {
    group = group,
    buffer = buf,
    callback = function(ev)
      M.detach(ev.buf, true)
    end,
  })
  api.nvim_create_autocmd('BufWinEnter', {
    group = group,
    buffer = buf,
    callback = function()
      local s = state.get(buf)
      local win = api.nvim_get_current_win()
      -- manual folds are built again: Neovim may bring back the ones this
      -- window had when it last showed the buffer
      if s and s.active and config.options.folds and (s.manual or vim.wo[win].foldexpr ~= folds.EXPR) then
        folds.set_win(win, s)
        s.wins[win] = true
      end
    end,
  })
  if helper.start() then
    send_attach(buf)
  end
end

-- Detaches buf: the helper forgets it, decorations are removed (unless the
-- buffer is being unloaded).
---@param buf integer|nil 0 or nil: the current buffer
---@param unloading boolean|nil the buffer is being unloaded
function M.detach(buf, unloading)
  if buf == 0 or buf == nil then
    buf = api.nvim_get_current_buf()
  end
  local st = state.get(buf)
  if not st then
    return
  end
  helper.notify('bulletin_detach', buf)
  deactivate(st, unloading)
  if api.nvim_buf_is_valid(buf) then -- unloaded too: its diagnostics go
    lint.clear(buf)
  end
  pcall(api.nvim_clear_autocmds, { group = group, buffer = buf })
  state.drop(buf)
  folds.forget(buf)
  require('bulletin.outline').on_detach(buf)
end

-- After a helper restart: attach every buffer again. Buffers the helper
-- refused stay in syntax-only mode unless `refused_too` (:BulletinRestart).
---@param refused_too boolean|nil
function M.reattach_all(refused_too)
  for buf, st in pairs(state.all()) do
    if valid(buf) and (refused_too or not st.refused) then
      st.partial = nil
      st.queue = {}
      st.tick = nil
      st.refused = false
      send_attach(buf)
    end
  end
end

-- :BulletinRestart: refused buffers are attached again with the others.
---Refused buffers may be attached again; messages may be shown again.
function M.forget_refusals()
  for _, st in pairs(state.all()) do
    st.refused = false
    st.shown = {} -- and messages may be shown again
  end
end

-- Attaches a refused buffer again (:edit of it).
---@param buf integer
function M.retry(buf)
  local st = state.get(buf)
  if st and st.refused and helper.chan then
    st.refused = false
    st.queue, st.tick, st.partial = {}, nil, nil
    send_attach(buf)
  end
end

-- Whether the helper refused buf (too big for it): syntax-only mode.
---@param buf integer|nil
---@return boolean
function M.refused(buf)
  local st = state.get(buf or api.nvim_get_current_buf())
  return st ~= nil and st.refused
end

-- The helper is gone for good: syntax-only everywhere.
---Syntax-only mode for every buffer.
function M.fallback_all()
  for _, st in pairs(state.all()) do
    deactivate(st, false)
    st.ready = false
  end
end

local nz = require('bulletin.state').nz

-- Whether push p describes the text as it is now: its tick is the current
-- changedtick, or no text changed since (undo back to the saved state
-- bumps the tick without a text change).
---@param st bulletin.State
---@param p table a push
---@return boolean
function M.in_sync(st, p)
  local tick = nz(p.tick)
  if tick == nil then
    return true
  end
  local cur = api.nvim_buf_get_changedtick(st.buf)
  return tick == cur or (st.lines_tick ~= nil and tick >= st.lines_tick)
end

-- Fold values of push data into the cache; widens the changed rows.
-- rows: state.map_rows() of the push, nil for the same rows.
local function apply_folds(st, fp, rows, nlines, lo, hi)
  local f = st.folds
  local first, vals = fp[1], fp[2]
  for i = 1, #vals do
    local y = first + i - 1
    if rows then
      y = rows[y]
    end
    if y and y < nlines then
      local v = vals[i]
      if f[y + 1] ~= v then
        f[y + 1] = v
        if not lo or y < lo then
          lo = y
        end
        if not hi or y + 1 > hi then
          hi = y + 1
        end
      end
    end
  end
  return lo, hi
end

-- Sizes a 1-based cache array to n entries (new ones: fill).
local function size(arr, n, fill)
  for i = #arr + 1, n do
    arr[i] = fill
  end
  for i = #arr, n + 1, -1 do
    arr[i] = nil
  end
end

-- Shows an error message of a push once per buffer (per distinct message).
local function show_error(st, msg)
  msg = tostring(msg)
  if st.shown[msg] then
    return
  end
  st.shown[msg] = true
  vim.schedule(function()
    vim.notify(msg:match('^bulletin:') and msg or ('bulletin: ' .. msg), vim.log.levels.WARN)
  end)
end

-- The helper refused the buffer (too big for it): syntax only for it
-- alone, until :BulletinRestart or :edit.
local function refuse(st)
  st.refused = true
  st.queue, st.tick, st.partial = {}, nil, nil
  st.ready = false
  deactivate(st, false)
  st.folds = {}
  spans.clear(st)
end

-- Whether the plugin has applied the helper's results for the buffer's
-- current changedtick. A tick that changed no text (:edit ends by resetting
-- 'modified') needs no results: the last text change's tick counts.
---@param buf integer|nil 0 or nil: the current buffer
---@return boolean
function M.synced(buf)
  buf = (buf == nil or buf == 0) and api.nvim_get_current_buf() or buf
  local st = state.get(buf)
  if not (st and st.ready and st.tick and not st.partial and valid(buf)) or manualfolds.building(st) then
    return false
  end
  local cur = api.nvim_buf_get_changedtick(buf)
  return st.tick == cur or (st.lines_tick ~= nil and st.tick >= st.lines_tick)
end

local lint_tokens = 0

-- Lints buf as it is now: notifies `bulletin_lint [buf, token]` and waits
-- (timeout_ms, default 2000) for the push carrying that token. Returns
-- true and the helper's diagnostics (also set in vim.diagnostic), or false
-- and a message.
---@param buf integer|nil
---@param timeout_ms integer|nil default 2000
---@return boolean ok
---@return table[]|string diagnostics, or a message
function M.lint_now(buf, timeout_ms)
  buf = (buf == nil or buf == 0) and api.nvim_get_current_buf() or buf
  local st = state.get(buf)
  if not st then
    return false, 'bulletin: not a bulletin buffer'
  end
  if st.refused then
    return false, 'bulletin: the helper refused this buffer (too big); no lint'
  end
  lint_tokens = lint_tokens + 1
  local token = lint_tokens
  if not helper.notify('bulletin_lint', buf, token) then
    return false, 'bulletin: the helper is not running (' .. tostring(helper.reason or helper.status)
      .. '); :BulletinRestart to start it'
  end
  local ok = vim.wait(timeout_ms or 2000, function()
    return st.lint_token == token or st.dropped
  end, 5)
  if not ok or st.dropped then
    return false, string.format('bulletin: no lint results within %d ms', timeout_ms or 2000)
  end
  return true, st.diagnostics or {}
end

-- Asks the helper for the whole state of buf (the caches cannot be
-- trusted): the next push carries everything.
local function refresh(st)
  state.set_outline(st, nil)
  helper.notify('bulletin_refresh', st.buf)
end

-- Applies one push (or queues it while the text has moved on). Errors are
-- caught by the caller.
---@param p table a push from the helper (PROTOCOL.md)
-- The push p accepted into its buffer's queue: the buffer's state when the
-- queue is now in sync and is to be applied, else nil (p is older than
-- what was applied, the buffer is gone or refused, or the next push covers
-- this one's ranges: it is composed then).
local function accept(p)
  local buf = nz(p.buf)
  if nz(p.partial) == true then
    helper.notify('bulletin_more', buf) -- the helper holds the next piece until then
  end
  if type(buf) ~= 'number' then
    return nil
  end
  local st = state.get(buf)
  if not st or not valid(buf) then
    return nil
  end
  if nz(p.error) then
    show_error(st, p.error)
  end
  if nz(p.refused) then
    refuse(st)
    return nil
  end
  if st.refused then
    return nil
  end
  local tick = nz(p.tick)
  if tick and st.tick and tick < st.tick then
    return nil -- older than what we applied
  end
  local queue = st.queue
  queue[#queue + 1] = p
  if not M.in_sync(st, p) then
    return nil -- the next push covers this one's ranges; compose then
  end
  return st
end

-- Sizes the folds and spans caches for the push p (the first of queue):
-- they grow piece by piece while a big first push comes in (filling
-- 100,000 rows at once costs the main loop some 30 ms).
local function size_caches(st, p, queue, nlines, partial)
  local size_to = nlines
  if st.manual == nil and not st.active then
    st.manual = nlines >= manualfolds.MANUAL_MIN
  end
  local fp0 = nz(p.folds)
  if partial and not st.active and #queue == 1 and fp0 then
    size_to = math.min(nlines, math.max(#st.folds, fp0[1] + #fp0[2]))
  end
  if size_to > #st.folds and #st.folds == 0 then
    st.folds = state.array(nlines)
  end
  if size_to > #st.spans and #st.spans == 0 then
    st.spans = state.array(nlines)
  end
  size(st.folds, size_to, 0)
  size(st.spans, size_to, false)
end

-- Composes the queued pushes into the caches. Returns what changed: lo, hi
-- (rows whose fold answer changed), hlo, hhi (rows whose spans changed),
-- outline (true when the items or their times changed), diags, token
-- (the last ones sent) and broken (a splice without an outline to splice).
local function compose(st, queue, nlines)
  local c = {}
  for i, q in ipairs(queue) do
    local fp, hl = nz(q.folds), nz(q.hl)
    -- the push's rows mapped to the current text once, for folds and spans
    local rows
    local map = (fp or hl) and state.mapper(queue, i)
    if map then
      local a, b = fp and fp[1] or hl[1], fp and fp[1] + #fp[2] or hl[2]
      if hl then
        a, b = math.min(a, hl[1]), math.max(b, hl[2])
      end
      rows = state.map_rows(map, a, b)
    end
    if fp then
      c.lo, c.hi = apply_folds(st, fp, rows, nlines, c.lo, c.hi)
    end
    if hl then
      c.hlo, c.hhi = spans.replace(st, hl[1], hl[2], hl[3], rows, c.hlo, c.hhi)
    end
    local full, sp = nz(q.outline), nz(q.outline_splice)
    if full then
      c.outline = true
      c.broken = not state.set_outline(st, full)
    elseif sp then
      if state.splice_outline(st, sp) then
        c.outline = true
      else
        c.broken = true -- never expected: the first push carries the whole outline
      end
    end
    if require('bulletin.timing').apply(st, q) then
      c.outline = true -- the items' `seconds` changed
    end
    if nz(q.diagnostics) then
      c.diags = q.diagnostics
    end
    if nz(q.lint_token) then
      c.token = q.lint_token
    end
  end
  return c
end

-- Shows a buffer not shown yet: the fold mirror grows piece by piece (in
-- line order), else it is built whole after the last piece; the spans are
-- drawn (regex syntax off) as they come; the fold options are set once,
-- after the last piece (folds are then computed from scratch).
local function show_first(st, buf, p, queue, nlines, partial, c)
  local fp = #queue == 1 and nz(p.folds)
  if st.manual then -- no mirror: manual folds are built from the cache
    st.mirror_n = nil
  elseif fp and (st.mirror_n or 0) == fp[1] and #fp[2] > 0 and fp[1] + #fp[2] <= nlines then
    folds.mirror_append(st, fp[1] + 1, fp[1] + #fp[2])
  elseif partial then
    st.mirror_n = nil
  end
  if partial then
    st.drawing = true
    syntax_off(st)
    if st.manual and config.options.folds then
      -- manual folds are built as the pieces come, region by region
      for _, win in ipairs(vim.fn.win_findbuf(buf)) do
        if st.fwin[win] == nil then
          folds.set_win(win, st)
          st.wins[win] = true
        end
      end
      manualfolds.resume_build(st)
    end
    if c.hlo then
      highlight.redraw(buf, c.hlo, c.hhi)
    end
  else
    if not st.manual and st.mirror_n ~= nlines then
      folds.mirror_full(st)
    end
    activate(st)
    highlight.redraw(buf, 0, nlines)
  end
end

-- Shows what changed in a buffer already shown: its manual folds or its
-- fold mirror (expr folds), and the changed spans.
local function show_change(st, buf, partial, c)
  local lo, hi = c.lo, c.hi
  if st.manual then
    if partial then
      if lo then
        st.fdirty = st.fdirty and { math.min(lo, st.fdirty[1]), math.max(hi, st.fdirty[2]) } or { lo, hi }
      end
    elseif config.options.folds then
      manualfolds.update(st, lo, hi)
    end
  else
    folds.mirror_update(st, lo, hi)
    if lo then
      st.refold = true
    end
    if st.refold and not partial then
      st.refold = nil
      folds.refresh(buf)
    end
  end
  if c.hlo then
    highlight.redraw(buf, c.hlo, c.hhi)
  end
end

function M.apply(p)
  local st = accept(p)
  if not st then
    return
  end
  local buf, queue, tick = st.buf, st.queue, nz(p.tick)
  st.queue = {}
  -- a big push comes in pieces, all but the last `partial` (PROTOCOL.md):
  -- each is applied as it comes, Neovim runs its UI between them
  local partial = nz(p.partial) == true
  highlight.groups = helper.groups
  local nlines = api.nvim_buf_line_count(buf)
  size_caches(st, p, queue, nlines, partial)
  local c = compose(st, queue, nlines)
  if c.diags then
    st.diagnostics = c.diags
    lint.set(buf, c.diags)
  end
  if c.token then
    st.lint_token = c.token
  end
  if c.broken then
    refresh(st)
    return -- not in sync until the whole state arrives
  end
  if tick then
    st.tick = tick
  end
  st.ready = true
  st.partial = partial or nil
  if not st.active then
    show_first(st, buf, p, queue, nlines, partial, c)
  else
    show_change(st, buf, partial, c)
  end
  if c.outline then
    st.by_line = nil
    st.outline_new = true
  end
  if st.outline_new and not partial then
    st.outline_new = nil
    require('bulletin.outline').on_update(buf)
  end
  if not partial then
    require('bulletin.timing').on_update(buf)
    state.decode_later(st) -- items and spans pushed undecoded (protocols 4, 5), in idle slices
  end
end

return M
