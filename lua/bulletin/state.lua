-- bulletin.state: the one per-buffer cache of what the helper pushed
-- (protocol 2). Only bulletin.buffer writes it; the other modules read it.
--
-- For each attached buffer, aligned with the text line by line (spliced
-- locally on every edit, replaced by range from the helper's pushes):
--   folds    fold value of every line, 1-based: v % 4 is the level, v >= 4
--            means "a fold starts here" (PROTOCOL.md, protocol 2)
--   spans    highlight spans of every line, 1-based: false (none) or a flat
--            list {col, end_col, group index (0-based), ...}
-- and, whole:
--   outline  {meta = ..., items = {...}} as pushed (items carry `quote` and
--            `quote_span`), spliced by `outline_splice` pushes
--   by_line  line -> list of items starting there (built on first use)
--   diagnostics  the last pushed diagnostics (helper's shape), or nil
--   tick     the changedtick of the last applied push
--   lines_tick  the changedtick of the last text change (on_lines)
--   queue    pushes received while the buffer had moved on (their tick older
--            than the text): applied together, composed through the
--            helper's own splices, once a push catches up with the text
--   ready    true once the first push was applied
--   partial  true while a big push's pieces arrive (the last applied one was
--            `partial`): not in sync, fold options not set yet
--   refold, outline_new  folds / outline changed by pieces: Neovim's folds
--            and the outline window are updated after the last piece
--   manual   the buffer has manual folds (MANUAL_MIN lines or more at the
--            first push), built by bulletin.folds: fwin (per window: true
--            once built, else the next line to build), fdirty (rows to
--            refold), fsched (a build or update slice is scheduled)
--   refused  true when the helper refused the buffer (too big): syntax only
--   shown    error messages already shown for this buffer (message -> true)
---@class bulletin.State
---@field buf integer
---@field folds integer[] fold value per line (level + 4 where a fold starts)
---@field spans (integer[]|false)[] flat {col, end_col, group, ...} per line
---@field outline table|nil {meta, items}
---@field by_line table|nil
---@field diagnostics table[]|nil
---@field tick integer|nil
---@field lines_tick integer|nil
---@field queue table[]
---@field ready boolean
---@field partial boolean|nil
---@field active boolean
---@field wins table<integer, boolean>
---@field manual boolean|nil
---@field fwin table<integer, true|integer|string>
---@field fdirty integer[]|nil
---@field refused boolean
---@field shown table<string, boolean>
---@field dropped boolean|nil

local M = {}

local bufs = {}

-- vim.NIL (a msgpack nil from the helper) as nil.
---@generic T
---@param v T
---@return T|nil
function M.nz(v)
  if v == vim.NIL then
    return nil
  end
  return v
end

-- LuaJIT's table.new (preallocated array part), else a plain table.
local ok_new, table_new = pcall(require, 'table.new')

--- An empty table with room for n array entries: filling a cache of
--- 100,000 rows then never grows (rehashes) it.
---@param n integer
---@return table
function M.array(n)
  if ok_new and n > 0 then
    return table_new(n, 0)
  end
  return {}
end

---@param buf integer
---@return bulletin.State|nil
function M.get(buf)
  return bufs[buf]
end

---@return table<integer, bulletin.State>
function M.all()
  return bufs
end

---@param buf integer
---@return bulletin.State
function M.new(buf)
  local st = {
    buf = buf,
    folds = {},
    spans = {},
    outline = nil,
    by_line = nil,
    diagnostics = nil,
    tick = nil,
    lines_tick = nil,
    queue = {},
    ready = false,
    active = false, -- decorations on (syntax off, fold options set)
    wins = {}, -- windows whose fold options we set
    manual = nil, -- manual folds (a big buffer; decided at the first push)
    fwin = {}, -- manual folds: window -> true (built), next line, 'restart'
    fdirty = nil, -- manual folds: {lo, hi} rows to refold
    refused = false,
    shown = {},
  }
  bufs[buf] = st
  return st
end

---@param buf integer
function M.drop(buf)
  if bufs[buf] then
    bufs[buf].dropped = true
  end
  bufs[buf] = nil
end

-- Replaces `old` entries of arr from 0-based row `first` (1-based index
-- first+1) by `new` copies of fill.
local function splice_array(arr, first, old, new, fill)
  local n = #arr
  local from = first + 1 -- first 1-based index replaced
  if from > n + 1 then
    from = n + 1
  end
  if from + old > n + 1 then
    old = n + 1 - from
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
M._splice_array = splice_array

-- The fold level of a fold value.
---@param v integer|nil a fold value
---@return integer
function M.level(v)
  return (v or 0) % 4
end

-- A local edit of whole rows (from on_bytes, which for most commands runs
-- before Neovim re-evaluates folds): `old` fold values from row `first`
-- are replaced by `new` ones. `first` is row + 1 when the edit starts
-- inside row `row` (which survives, changed), the row itself when whole
-- lines are replaced. New rows get the level of the row that follows them
-- (no fold start) until the helper says better. Returns that value.
---@param st bulletin.State
---@param first integer 0-based row
---@param old integer rows replaced
---@param new integer rows inserted
---@return integer the value given to the new rows
function M.splice_folds(st, first, old, new)
  local f = st.folds
  local v = (f[first + old + 1] or f[first] or 0) % 4
  splice_array(f, first, old, new, v)
  return v
end

-- Spans of one row with columns [from, to) removed and the columns after
-- them moved by `shift`; spans crossing the cut are clipped.
local function cut_row(l, keep_before, keep_from, shift)
  if not l then
    return false
  end
  local out = {}
  for i = 1, #l, 3 do
    local c, e, g = l[i], l[i + 1], l[i + 2]
    if keep_before and c < keep_before then
      out[#out + 1] = c
      out[#out + 1] = math.min(e, keep_before)
      out[#out + 1] = g
    elseif keep_from and c >= keep_from then
      out[#out + 1] = c + shift
      out[#out + 1] = e + shift
      out[#out + 1] = g
    end
  end
  return #out > 0 and out or false
end

-- The span cache follows an edit as on_bytes reports it: the text from
-- (srow, scol) to old end (srow + oer, oec or scol + oec on one row) is
-- replaced by text ending at (srow + ner, nec or scol + nec). Spans before
-- the edit stay, spans after it move with the text, spans inside it go
-- (the helper's push for the edit draws them again).
---@param st bulletin.State
---@param srow integer
---@param scol integer
---@param oer integer
---@param oec integer
---@param ner integer
---@param nec integer
function M.splice_spans(st, srow, scol, oer, oec, ner, nec)
  local sp = st.spans
  local old_end = oer == 0 and scol + oec or oec
  local new_end = ner == 0 and scol + nec or nec
  local head = cut_row(sp[srow + 1], scol, nil, 0)
  local tail = cut_row(sp[srow + oer + 1], nil, old_end, new_end - old_end)
  if oer ~= ner then
    splice_array(sp, srow + 1, oer, ner, false)
  end
  if #sp < srow then
    return -- the cache does not reach the edit yet
  end
  if ner == 0 then
    local row = {}
    for _, part in ipairs({ head or {}, tail or {} }) do
      for i = 1, #part do
        row[#row + 1] = part[i]
      end
    end
    sp[srow + 1] = #row > 0 and row or false
  else
    sp[srow + 1] = head
    sp[srow + ner + 1] = tail
  end
end

-- A function mapping a 0-based line of the helper's state at push
-- queue[i] to its state at the last queued push (nil: the line was
-- rewritten since, and a later push carries it), or nil for the identity.
---@param queue table[] pushes
---@param i integer
---@return (fun(x: integer): integer|nil)|nil
function M.mapper(queue, i)
  if i >= #queue then
    return nil
  end
  local sp = {}
  for j = i + 1, #queue do
    local s = queue[j].splice
    if s and s ~= vim.NIL then
      sp[#sp + 1] = s
    end
  end
  if #sp == 0 then
    return nil
  end
  return function(x)
    for k = 1, #sp do
      local s = sp[k]
      if x >= s[2] then
        x = x + s[3] - s[2]
      elseif x >= s[1] then
        return nil
      end
    end
    return x
  end
end

---Rows [first, last) of a push mapped once through map (M.mapper): a
---table row -> current row, or false where the row was rewritten since.
---@param map fun(x: integer): integer|nil
---@param first integer
---@param last integer
---@return table<integer, integer|false>
function M.map_rows(map, first, last)
  local rows = {}
  for y = first, last - 1 do
    rows[y] = map(y) or false
  end
  return rows
end

-- A deep copy that keeps vim.NIL (JSON null) as it is.
---@generic T
---@param v T
---@return T
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
---@param st bulletin.State
---@return table<integer, table[]>
function M.by_line(st)
  if not st.by_line then
    M.index(st)
  end
  return st.by_line
end

-- Index of items by first line.
---@param st bulletin.State
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
