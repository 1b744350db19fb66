-- bulletin.buffer: attaching buffers to the helper and applying its pushes.
local M = {}

local api = vim.api
local config = require('bulletin.config')
local state = require('bulletin.state')
local helper = require('bulletin.helper')
local highlight = require('bulletin.highlight')
local folds = require('bulletin.folds')
local lint = require('bulletin.lint')

local group = api.nvim_create_augroup('bulletin', { clear = false })
local defined = false

local function valid(buf)
  return api.nvim_buf_is_valid(buf) and api.nvim_buf_is_loaded(buf)
end

-- Decorations on: regex syntax off, fold options in every window.
local function activate(st)
  local buf = st.buf
  if st.active or not valid(buf) then
    return
  end
  st.active = true
  if vim.bo[buf].syntax ~= 'OFF' and vim.bo[buf].syntax ~= '' then
    st.saved_syntax = vim.bo[buf].syntax
    api.nvim_buf_call(buf, function()
      vim.cmd('setlocal syntax=OFF')
    end)
  end
  if config.options.folds then
    for _, win in ipairs(vim.fn.win_findbuf(buf)) do
      folds.set_win(win)
      st.wins[win] = true
    end
  end
end

-- Decorations off: back to regex syntax, the user's fold options.
local function deactivate(st, unloading)
  local buf = st.buf
  if not st.active then
    return
  end
  st.active = false
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
  st.saved_syntax = nil
end

local function send_attach(buf)
  local opts = { path = api.nvim_buf_get_name(buf) }
  local bl = vim.b[buf].bulletin_lint
  if bl == 'off' or bl == 'save' or bl == 'change' then
    opts.lint = bl
  end
  return helper.notify('bulletin_attach', buf, opts)
end

-- Attaches buf (a bulletin buffer). Idempotent.
function M.attach(buf)
  if buf == 0 or buf == nil then
    buf = api.nvim_get_current_buf()
  end
  if state.get(buf) or not valid(buf) then
    return
  end
  if not defined then
    defined = true
    highlight.define()
    api.nvim_create_autocmd('ColorScheme', { group = group, callback = highlight.define })
  end
  local st = state.new(buf)
  -- the tick can move without a text change (:edit ends by resetting
  -- 'modified'): results for the text as it is now are in sync
  st.lines_tick = api.nvim_buf_get_changedtick(buf)
  -- Splice the fold cache on every edit, before Neovim re-evaluates folds.
  api.nvim_buf_attach(buf, false, {
    on_bytes = function(_, _, _, srow, scol, _, oer, oec, _, ner, nec)
      if st.dropped then
        return true
      end
      if oer ~= ner then
        local first = (scol == 0 and oec == 0 and nec == 0) and srow or srow + 1
        local fill = state.splice(st, first, oer, ner)
        folds.mirror_splice(st, first, oer, ner, fill)
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
      if not st.dropped then
        st.levels, st.starts, st.queue = {}, {}, {}
        st.lines_tick = api.nvim_buf_get_changedtick(buf)
        vim.schedule(function()
          if not st.dropped and valid(buf) then
            folds.mirror_full(st)
          end
        end)
      end
    end,
    on_detach = function()
      st.lua_detached = true
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
      if s and s.active and config.options.folds and vim.wo[win].foldexpr ~= folds.EXPR then
        folds.set_win(win)
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
  if valid(buf) then
    lint.clear(buf)
  end
  pcall(api.nvim_clear_autocmds, { group = group, buffer = buf })
  state.drop(buf)
  folds.forget()
  require('bulletin.outline').on_detach(buf)
end

-- After a helper restart: attach every buffer again.
function M.reattach_all()
  for buf, st in pairs(state.all()) do
    if valid(buf) then
      st.queue = {}
      st.tick = nil
      send_attach(buf)
    end
  end
end

-- The helper is gone for good: syntax-only everywhere.
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
local function in_sync(st, p)
  local tick = nz(p.tick)
  if tick == nil then
    return true
  end
  local cur = api.nvim_buf_get_changedtick(st.buf)
  return tick == cur or (st.lines_tick ~= nil and tick >= st.lines_tick)
end

-- Fold levels of push data into the cache; returns the changed rows.
local function apply_folds(st, fp, map, nlines, lo, hi)
  local levels = st.levels
  local first, lv = fp[1], fp[2]
  for i = 1, #lv do
    local y = first + i - 1
    if map then
      y = map(y)
    end
    if y and y < nlines then
      local l = lv[i]
      if levels[y + 1] ~= l then
        levels[y + 1] = l
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

-- Whether an item starts a fold (multi-line soundbites, sections, stories).
local function starts_fold(it)
  return it.kind ~= 'quote' or (it.end_line or it.line) > it.line
end

-- Sets starts[l0 .. l1] from `new` (line -> true); widens the changed rows.
local function set_starts(starts, new, l0, l1, lo, hi)
  for i = l0, l1 do
    local s = new[i] or false
    local was = starts[i]
    starts[i] = s -- dense: splicing relies on #starts
    if (was or false) ~= s then
      if not lo or i - 1 < lo then
        lo = i - 1
      end
      if not hi or i > hi then
        hi = i
      end
    end
  end
  return lo, hi
end

-- The fold-starting lines of items[k0 .. k1], as a set.
local function start_lines(items, k0, k1)
  local new = {}
  for k = k0, k1 do
    local it = items[k]
    if starts_fold(it) then
      new[it.line] = true
    end
  end
  return new
end

-- Fold starts after one outline splice, in the lines it can have changed:
-- from the line after the last kept item before the splice to the line
-- before the first item after it (items are in line order; the local edits
-- already moved the starts of the items after it). Returns the changed rows.
local function splice_starts(st, sp, nlines, lo, hi)
  local items = st.outline.items
  local first, added = sp.first, #(sp.items or {})
  local l0 = first > 0 and items[first].line + 1 or 1
  local after = items[first + added + 1]
  local l1 = math.min(after and after.line - 1 or nlines, nlines)
  return set_starts(st.starts, start_lines(items, first + 1, first + added), l0, l1, lo, hi)
end

-- Fold starts from a whole outline; returns the changed rows.
local function apply_starts(st, outline, nlines, lo, hi)
  local items = outline.items or {}
  return set_starts(st.starts, start_lines(items, 1, #items), 1, nlines, lo, hi)
end

-- Applies an `outline_splice` push to the cached outline (PROTOCOL.md): items
-- [first, first + removed) (0-based) are replaced by `items`, the items
-- after them move by `shift` lines. Returns false when there is no cached
-- outline to splice into.
local function apply_outline_splice(st, sp)
  local ol = st.outline
  if not ol or not ol.items then
    return false
  end
  local items, new = ol.items, sp.items or {}
  local first, removed, shift = sp.first, sp.removed, sp.shift or 0
  local n, added = #items, #new
  local delta = added - removed
  if delta ~= 0 and first + removed < n then
    table.move(items, first + removed + 1, n, first + added + 1)
  end
  for i = n + delta + 1, n do
    items[i] = nil
  end
  for i = 1, added do
    items[first + i] = new[i]
  end
  if shift ~= 0 then
    for i = first + added + 1, n + delta do
      local it = items[i]
      it.line = it.line + shift
      it.end_line = it.end_line + shift
      if type(it.quote_line) == 'number' then
        it.quote_line = it.quote_line + shift
      end
    end
  end
  ol.meta = sp.meta
  return true
end

-- Highlights of several queued pushes, composed line by line.
local function apply_hl_queue(buf, queue, nlines)
  local touched, spans_at = {}, {}
  for i, p in ipairs(queue) do
    local hl = nz(p.hl)
    if hl then
      local map = state.mapper(queue, i)
      local e1, e2 = hl[1], hl[2]
      if map then
        e1, e2 = map(e1), map(e2)
      end
      highlight.drop_collapsed(buf, e1, nlines)
      highlight.drop_collapsed(buf, e2, nlines)
      for y = hl[1], hl[2] - 1 do
        local z = y
        if map then
          z = map(y)
        end
        if z then
          touched[z] = true
          spans_at[z] = {}
        end
      end
      local sp = hl[3] or {}
      for k = 1, #sp, 4 do
        local z = sp[k]
        if map then
          z = map(z)
        end
        if z and spans_at[z] then
          local l = spans_at[z]
          l[#l + 1] = { sp[k + 1], sp[k + 2], sp[k + 3] }
        end
      end
    end
  end
  local rows = {}
  for z in pairs(touched) do
    if z < nlines then
      rows[#rows + 1] = z
    end
  end
  table.sort(rows)
  local flat = {}
  local i = 1
  while i <= #rows do
    local j = i
    while j < #rows and rows[j + 1] == rows[j] + 1 do
      j = j + 1
    end
    flat = {}
    for r = i, j do
      for _, sp in ipairs(spans_at[rows[r]]) do
        flat[#flat + 1] = rows[r]
        flat[#flat + 1] = sp[1]
        flat[#flat + 1] = sp[2]
        flat[#flat + 1] = sp[3]
      end
    end
    highlight.apply(buf, { rows[i], rows[j] + 1, flat }, helper.groups)
    i = j + 1
  end
end

-- Applies one push (or queues it while the text has moved on). Errors are
-- caught by the caller.
function M.apply(p)
  local buf = nz(p.buf)
  if type(buf) ~= 'number' then
    return
  end
  local st = state.get(buf)
  if not st or not valid(buf) then
    return
  end
  if nz(p.error) then
    local msg = tostring(p.error)
    vim.schedule(function()
      vim.notify(msg:match('^bulletin:') and msg or ('bulletin: ' .. msg), vim.log.levels.WARN)
    end)
  end
  local tick = nz(p.tick)
  if tick and st.tick and tick < st.tick then
    return -- older than what we applied
  end
  local queue = st.queue
  queue[#queue + 1] = p
  if not in_sync(st, p) then
    return -- the next push covers this one's ranges; compose then
  end
  st.queue = {}
  local nlines = api.nvim_buf_line_count(buf)
  local lo, hi -- rows whose fold answer changed
  local outline, diags
  local splices = 0 -- outline splices applied; the last one in `last_sp`
  local last_sp, whole = nil, false
  for i, q in ipairs(queue) do
    local fp = nz(q.folds)
    if fp then
      lo, hi = apply_folds(st, fp, state.mapper(queue, i), nlines, lo, hi)
    end
    local full, sp = nz(q.outline), nz(q.outline_splice)
    if full then
      st.outline = full
      outline = full
      whole = true
    elseif sp then
      splices, last_sp = splices + 1, sp
      if not apply_outline_splice(st, sp) then
        whole = true
        -- never expected: the first push carries the whole outline
        local ok, whole = helper.request('bulletin_outline', buf)
        if ok and type(whole) == 'table' then
          st.outline = whole
        end
      end
      outline = st.outline
    end
    diags = nz(q.diagnostics) or diags
  end
  local levels, starts = st.levels, st.starts
  for i = #levels + 1, nlines do
    levels[i] = 0
  end
  for i = #levels, nlines + 1, -1 do
    levels[i] = nil
  end
  if outline then
    -- the outline after the last push (whole, or spliced push by push)
    st.by_line = nil
    if not whole and splices == 1 and #st.starts == nlines then
      lo, hi = splice_starts(st, last_sp, nlines, lo, hi)
    else
      lo, hi = apply_starts(st, outline, nlines, lo, hi)
    end
  end
  for i = #starts + 1, nlines do
    starts[i] = false
  end
  for i = #starts, nlines + 1, -1 do
    starts[i] = nil
  end
  if #queue == 1 then
    local hl = nz(p.hl)
    if hl then
      highlight.apply(buf, hl, helper.groups)
    end
  else
    apply_hl_queue(buf, queue, nlines)
  end
  if diags then
    st.diagnostics = diags
    lint.set(buf, diags)
  end
  if tick then
    st.tick = tick
  end
  st.ready = true
  folds.mirror_update(st, lo, hi)
  if not st.active then
    activate(st) -- sets the fold options: folds are computed from scratch
  elseif lo then
    folds.refresh(buf, lo, hi)
  end
  if outline then
    require('bulletin.outline').on_update(buf)
  end
end

return M
