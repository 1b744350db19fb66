-- bulletin.state: the per-buffer cache of what the helper last pushed.
--
-- For each attached buffer:
--   levels   fold level of every line (1-based array, kept as long as the
--            buffer: spliced locally on every edit, overwritten by pushes)
--   starts   true on lines where an outline item with a fold starts
--   outline  {meta = ..., items = {...}} as the last push
--   by_line  line -> list of items starting there
--   diagnostics  the last pushed diagnostics (helper's shape), or nil
--   tick     the changedtick of the last applied push
--   pending  local edits that shift lines, not yet seen by the helper:
--            {tick = changedtick after the edit (nil until on_lines tells),
--             row = 0-based, old = n, new = n}
--   ready    true once the first push was applied
local M = {}

local bufs = {}

function M.get(buf)
  return bufs[buf]
end

function M.all()
  return bufs
end

function M.new(buf)
  local st = {
    buf = buf,
    levels = {},
    starts = {},
    outline = nil,
    by_line = {},
    diagnostics = nil,
    tick = nil,
    pending = {},
    ready = false,
    active = false, -- decorations on (syntax off, fold options set)
    wins = {}, -- windows whose fold options we set
  }
  bufs[buf] = st
  return st
end

function M.drop(buf)
  if bufs[buf] then
    bufs[buf].dropped = true
  end
  bufs[buf] = nil
end

-- Replaces rows [row+1, row+old] of arr (0-based rows, so 1-based indexes
-- row+2 .. row+old+1) by `new` copies of fill.
local function splice_array(arr, row, old, new, fill)
  local n = #arr
  local from = row + 2 -- first 1-based index replaced
  if from > n + 1 then
    from = n + 1
  end
  local delta = new - old
  if delta ~= 0 and from + old <= n then
    table.move(arr, from + old, n, from + new)
  end
  if delta < 0 then
    for i = n + delta + 1, n do
      arr[i] = nil
    end
  end
  for i = from, from + new - 1 do
    arr[i] = fill
  end
end

-- A local edit (from nvim_buf_attach's on_bytes, which runs before Neovim
-- re-evaluates folds): rows after `row` lose `old` lines and gain `new`.
-- Its changedtick is not known yet: on_bytes sees the tick before or after
-- the change depending on the command; on_lines, which follows, tells
-- (M.ticked).
function M.splice(st, tick, row, old, new)
  if old == new then
    return
  end
  local lv = st.levels[row + 1] or 0
  splice_array(st.levels, row, old, new, lv)
  splice_array(st.starts, row, old, new, false)
  local e = { row = row, old = old, new = new }
  -- Most commands call on_bytes before on_lines (tick: the one before the
  -- change); opening a line (o, O, <CR>) calls on_lines first, and then
  -- on_bytes with the tick after the change.
  local x = st.expect
  if x and x.tick == tick and x.delta == new - old then
    e.tick = tick
  end
  st.expect = nil
  st.pending[#st.pending + 1] = e
end

-- on_lines: the edits spliced since the last call end at changedtick `tick`.
-- When there are none although the line count changed, the matching
-- on_bytes is still to come (see above).
function M.ticked(st, tick, delta)
  local pend = st.pending
  local assigned = false
  for i = #pend, 1, -1 do
    if pend[i].tick then
      break
    end
    pend[i].tick = tick
    assigned = true
  end
  st.expect = (not assigned and delta ~= 0) and { tick = tick, delta = delta } or nil
end

-- Forgets local edits the helper has seen (those ending at or before the
-- push's `tick`), and
-- returns a function mapping a 0-based line of the helper's state at `tick`
-- to the current buffer (nil when the line was edited since).
function M.mapper(st, tick)
  if tick then
    local keep = {}
    for _, p in ipairs(st.pending) do
      if not p.tick or p.tick > tick then
        keep[#keep + 1] = p
      end
    end
    st.pending = keep
  end
  local pend = st.pending
  if #pend == 0 then
    return nil
  end
  return function(x)
    for i = 1, #pend do
      local p = pend[i]
      if x > p.row + p.old then
        x = x + p.new - p.old
      elseif x > p.row then
        return nil
      end
    end
    return x
  end
end

-- A deep copy that keeps vim.NIL (JSON null) as it is.
function M.copy(v)
  if type(v) ~= 'table' then
    return v
  end
  local r = {}
  for k, x in pairs(v) do
    r[k] = M.copy(x)
  end
  return r
end

-- Items by first line (built on first use after each new outline).
function M.by_line(st)
  if not st.by_line then
    M.index(st)
  end
  return st.by_line
end

-- Index of items by first line.
function M.index(st)
  local by = {}
  local items = st.outline and st.outline.items or {}
  for _, it in ipairs(items) do
    local l = by[it.line]
    if not l then
      l = {}
      by[it.line] = l
    end
    l[#l + 1] = it
  end
  st.by_line = by
end

return M
