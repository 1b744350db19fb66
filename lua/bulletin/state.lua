-- bulletin.state: the one per-buffer cache of what the helper pushed
-- (protocol 2). Only bulletin.buffer writes it; the other modules read it.
--
-- For each attached buffer, aligned with the text line by line (spliced
-- locally on every edit, replaced by range from the helper's pushes):
--   folds    fold value of every line, 1-based: v % 4 is the level, v >= 4
--            means "a fold starts here" (PROTOCOL.md, protocol 2)
--   spans    highlight spans of every line, 1-based: false (none) or a flat
--            list {col, end_col, group index (0-based), ...}; bulletin.spans
--            splices it with the text and keeps a big push's spans
--            undecoded in _hpend until read (protocol 5)
-- and, whole:
--   outline  {meta = ..., items = {...}} as pushed (items carry `quote` and
--            `quote_span`), spliced by `outline_splice` pushes. Read as
--            st.outline, written as st.outline = ... (or M.set_outline),
--            stored as st._outline. The move of the
--            items after a splice (`shift`) is kept pending and made when
--            st.outline is next read (a metatable), so a structural
--            keystroke costs O(items it replaced), not O(the outline).
--            Items still as pushed (protocol 4: a msgpack bin per piece)
--            wait in _oblobs after the decoded ones: a big push's pieces
--            append them undecoded; they are decoded when st.outline is
--            read, as far as fold text needs (M.items_by_line), before any
--            other splice, or in idle slices after the push (M.decode_later);
--            `times` reaching into them wait in _otimes
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
--            first push), built by bulletin.manualfolds: fwin (per window:
--            true once built, else the next line to build), fdirty (rows
--            to refold), fsched (a build or update slice is scheduled)
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
local lazy -- the states' metatable (below)

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

-- Adds s to the lines of items[i .. j] (1-based), as PROTOCOL.md's
-- `shift` says. The cached items are all in the wire form (set_outline and
-- splice_outline make them so): moved in their places by bulletin.wire.
local function shift_items(items, i, j, s)
  if s == 0 then
    return
  end
  local shift = require('bulletin.wire').shift
  for k = i, j do
    shift(items[k], s)
  end
end

-- ---- items not decoded yet (protocol 4) ----
-- _oblobs: the pushed bins not decoded yet, in item order, from index
-- _ohead on; _oblobs_n: the items they hold; _otimes: {first, secs} of a
-- push's `times` (0-based first) not written into all its items yet.

local function drop_blobs(st)
  rawset(st, '_oblobs', nil)
  rawset(st, '_ohead', nil)
  rawset(st, '_oblobs_n', nil)
  rawset(st, '_otimes', nil)
end

-- The pending item count (items pushed but not decoded yet).
local function pending_n(st)
  return rawget(st, '_oblobs_n') or 0
end

-- Writes the read times of tm ({first (0-based), secs}) into items[lo .. hi].
local function write_times(items, lo, hi, tm)
  local first, secs = tm[1], tm[2]
  local a, b = math.max(lo, first + 1), math.min(hi, first + #secs)
  for i = a, b do
    items[i].seconds = M.nz(secs[i - first]) -- nil: no time known
  end
end

---A pushed bin of st that does not decode (never expected: the helper
---made it): the helper is asked for the whole state again, and the user
---told once per bin, later in the main loop (what: "outline items").
---@param st bulletin.State
---@param what string
---@param why string
function M.undecodable(st, what, why)
  local buf = st.buf
  vim.schedule(function()
    if bufs[buf] == st then
      require('bulletin.helper').notify('bulletin_refresh', buf)
      vim.notify(string.format('bulletin: buffer %d: the helper sent %s that do not decode (%s); '
        .. 'asked for them again', buf, what, why), vim.log.levels.WARN)
    end
  end)
end

-- Outline items that do not decode: the outline is dropped until the
-- whole state comes again.
local function undecodable(st, why)
  drop_blobs(st)
  rawset(st, '_outline', nil)
  rawset(st, '_ofrom', nil)
  rawset(st, '_oshift_v', nil)
  M.undecodable(st, 'outline items', why)
end

-- Decodes the first pending bin onto the end of the items.
local function decode_one(st)
  local blobs, head = rawget(st, '_oblobs'), rawget(st, '_ohead')
  local blob = blobs[head]
  blobs[head] = nil
  local new, why = require('bulletin.wire').decode(blob)
  local items = rawget(st, '_outline').items
  local n0, k = #items, new and #new or 0
  local want = require('bulletin.wire').count(blob)
  if not new or k ~= want then
    undecodable(st, why or 'item count')
    return
  end
  for i = 1, k do
    items[n0 + i] = new[i]
  end
  local tm = rawget(st, '_otimes')
  if tm then
    write_times(items, n0 + 1, n0 + k, tm)
  end
  if blobs[head + 1] then
    rawset(st, '_ohead', head + 1)
    rawset(st, '_oblobs_n', rawget(st, '_oblobs_n') - k)
  else
    drop_blobs(st)
  end
end

local function decode_all(st)
  while rawget(st, '_oblobs') do
    decode_one(st)
  end
end

-- Appends a pushed bin of items after the others, undecoded. Returns
-- false when it does not start with an array header.
local function add_blob(st, blob)
  local n = require('bulletin.wire').count(blob)
  if not n then
    return false
  elseif n == 0 then
    return true
  end
  local blobs = rawget(st, '_oblobs')
  if not blobs then
    rawset(st, '_oblobs', { blob })
    rawset(st, '_ohead', 1)
    rawset(st, '_oblobs_n', n)
  else
    local head = rawget(st, '_ohead')
    local last = head
    while blobs[last + 1] do
      last = last + 1
    end
    blobs[last + 1] = blob
    rawset(st, '_oblobs_n', rawget(st, '_oblobs_n') + n)
  end
  return true
end

---Decodes st's pending items, then its pending spans, in idle slices (one
---bin each: about 1,000 items or 4,096 rows, a millisecond or two), after
---the last piece of a push; any read of st.outline (of a row's spans)
---before that decodes the rest (the row's bin) at once.
---@param st bulletin.State
function M.decode_later(st)
  if not (rawget(st, '_oblobs') or require('bulletin.spans').pending(st)) or rawget(st, '_odecoding') then
    return
  end
  rawset(st, '_odecoding', true)
  local function step()
    local spans = require('bulletin.spans')
    if bufs[st.buf] ~= st or not (rawget(st, '_oblobs') or spans.pending(st)) then
      rawset(st, '_odecoding', nil)
      return
    end
    if rawget(st, '_oblobs') then
      decode_one(st)
    else
      spans.decode_next(st)
    end
    vim.defer_fn(step, 0)
  end
  vim.defer_fn(step, 0)
end

---Has st pushed items not decoded yet?
---@param st bulletin.State
---@return boolean
function M.pending_items(st)
  return rawget(st, '_oblobs') ~= nil
end

-- The pending move of a state's outline (_ofrom: the first 1-based item
-- index it applies to, _oshift_v: lines), made now, after decoding the
-- pending items.
local function settle(st)
  decode_all(st)
  local ol, from, by = rawget(st, '_outline'), rawget(st, '_ofrom'), rawget(st, '_oshift_v')
  if from then
    st._ofrom, st._oshift_v = nil, nil
    if ol and ol.items then
      shift_items(ol.items, from, #ol.items, by)
    end
  end
end

lazy = {
  __index = function(st, k)
    if k == 'outline' then
      settle(st)
      return rawget(st, '_outline')
    end
  end,
  __newindex = function(st, k, v)
    if k == 'outline' then
      drop_blobs(st)
      rawset(st, '_ofrom', nil)
      rawset(st, '_oshift_v', nil)
      rawset(st, '_outline', v)
    else
      rawset(st, k, v)
    end
  end,
}

---The cached outline items of st in order and a function giving item i's
---first line as the text is now (line_of(i)), WITHOUT making a pending line
---move: for what reads items by line on every redraw (fold text), which
---would otherwise move every item after an edit on each keystroke. Other
---fields of an item read as usual; its `line`/`end_line` may be stale.
---Returns nil when there is no outline. Items still as pushed are decoded
---as far as `upto`: every item starting on a line <= upto is there (nil:
---all).
---@param st bulletin.State
---@param upto integer|nil
---@return table|nil items
---@return fun(i: integer): integer line_of
function M.items_by_line(st, upto)
  local ol = rawget(st, '_outline')
  local items = ol and ol.items
  if not items then
    return nil, nil
  end
  -- (no line move is pending while items are: splice_outline decodes them
  -- before it records one)
  while rawget(st, '_oblobs') and (not upto or #items == 0 or items[#items].line <= upto) do
    decode_one(st)
  end
  ol = rawget(st, '_outline')
  items = ol and ol.items
  if not items then
    return nil, nil
  end
  local from, by = rawget(st, '_ofrom'), rawget(st, '_oshift_v')
  if not from then
    return items, function(i)
      return items[i].line
    end
  end
  return items, function(i)
    local l = items[i].line
    return i >= from and l + by or l
  end
end

---Writes a push's `times` (PROTOCOL.md "Timing": the read time of items
---first + 1, first + 2, ... (first 0-based), nil for none) into the cached
---items as `seconds`, WITHOUT making a pending line move; times of items
---not decoded yet are written when they are. Returns false when there is
---no outline.
---@param st bulletin.State
---@param first integer
---@param secs table
---@return boolean
function M.set_times(st, first, secs)
  local ol = rawget(st, '_outline')
  if not (ol and ol.items) then
    return false
  end
  if rawget(st, '_oblobs') and rawget(st, '_otimes') then
    decode_all(st) -- never during an open: one `times` per push
    ol = rawget(st, '_outline')
    if not (ol and ol.items) then
      return false
    end
  end
  local items = ol.items
  local tm = { first, secs }
  write_times(items, 1, #items, tm)
  if rawget(st, '_oblobs') and first + #secs > #items then
    rawset(st, '_otimes', tm)
  end
  return true
end

---Sets (replaces) the cached outline of st (nil: none) with a push's
---`outline`: its items a bin (protocol 4, kept to decode when read) or an
---array of items in the wire form (bulletin.wire). Returns false when the
---bin does not hold an array (the outline is then none).
---@param st bulletin.State
---@param ol table|nil {meta, items}
---@return boolean
function M.set_outline(st, ol)
  if ol and type(ol.items) == 'string' then
    st.outline = { meta = ol.meta, items = {} } -- lazy.__newindex
    if not add_blob(st, ol.items) then
      st.outline = nil
      return false
    end
    return true
  end
  if ol then
    require('bulletin.wire').items(ol.items)
  end
  st.outline = ol -- lazy.__newindex
  return true
end

---Applies an `outline_splice` push to the cached outline (PROTOCOL.md; its
---items in the wire form, bulletin.wire):
---items [first, first + removed) (0-based) are replaced by `items`, the
---items after them move by `shift` lines (made lazily, see above).
---Returns false when there is no cached outline to splice into.
---@param st bulletin.State
---@param sp table the outline_splice payload
---@return boolean
function M.splice_outline(st, sp)
  local ol = rawget(st, '_outline')
  if not ol or not ol.items then
    return false
  end
  local first, removed, shift = sp.first, sp.removed, M.nz(sp.shift) or 0
  local raw = M.nz(sp.items)
  if type(raw) == 'string' and removed == 0 and shift == 0 and not rawget(st, '_ofrom')
    and first == #ol.items + pending_n(st) then
    -- the next piece of a big push: appended undecoded
    ol.meta = sp.meta
    return add_blob(st, raw)
  end
  decode_all(st)
  ol = rawget(st, '_outline')
  if not ol or not ol.items then
    return false
  end
  local new
  if type(raw) == 'string' then
    new = require('bulletin.wire').decode(raw)
    if not new then
      return false
    end
  else
    new = require('bulletin.wire').items(raw) or {}
  end
  local items = ol.items
  local n, added = #items, #new
  local delta = added - removed
  -- items after the replaced ones (old 1-based first + removed + 1 .. n)
  -- end up needing `to` more lines from new index `from` on
  local pf, ps = rawget(st, '_ofrom'), rawget(st, '_oshift_v')
  local from, to = first + added + 1, shift
  if pf then
    if pf <= first then
      shift_items(items, pf, first, ps) -- before the splice: made now
      to = ps + shift
    elseif pf <= first + removed + 1 then
      to = ps + shift
    else
      shift_items(items, first + removed + 1, pf - 1, shift)
      from, to = pf + delta, ps + shift
    end
  end
  if delta ~= 0 and first + removed < n then
    table.move(items, first + removed + 1, n, first + added + 1)
  end
  for i = n + delta + 1, n do
    items[i] = nil
  end
  for i = 1, added do
    items[first + i] = new[i]
  end
  if to ~= 0 and from <= n + delta then
    st._ofrom, st._oshift_v = from, to
  else
    st._ofrom, st._oshift_v = nil, nil
  end
  ol.meta = sp.meta
  return true
end

---@param buf integer
---@return bulletin.State
function M.new(buf)
  local st = {
    buf = buf,
    folds = {},
    spans = {},
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
  setmetatable(st, lazy)
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

-- A deep copy that keeps vim.NIL (JSON null) as it is; outline items in
-- the wire form (bulletin.wire) become plain maps.
---@generic T
---@param v T
---@return T
function M.copy(v)
  if type(v) ~= 'table' then
    return v
  end
  local wire = require('bulletin.wire')
  if wire.is_item(v) then
    v = wire.plain(v)
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
