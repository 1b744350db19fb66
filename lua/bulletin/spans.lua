-- bulletin.spans: the per-line highlight spans of a buffer's cache
-- (state.spans, owned by bulletin.state: a flat {col, end_col, group, ...}
-- or false per 1-based row), as the helper pushes them and as they follow
-- the text between pushes. bulletin.highlight draws them.
local M = {}

local state = require('bulletin.state')

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
function M.splice(st, srow, scol, oer, oec, ner, nec)
  M.settle(st) -- pending spans are in the rows before the edit
  local sp = st.spans
  local old_end = oer == 0 and scol + oec or oec
  local new_end = ner == 0 and scol + nec or nec
  local head = cut_row(sp[srow + 1], scol, nil, 0)
  local tail = cut_row(sp[srow + oer + 1], nil, old_end, new_end - old_end)
  if oer ~= ner then
    state._splice_array(sp, srow + 1, oer, ner, false)
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

-- ---- spans not decoded yet (protocol 5) ----
-- A push's `hl` spans come as one msgpack bin. Those of a big push's
-- pieces are kept as they come in st._hpend (rawget: st has bulletin.state's
-- metatable), a list of {first, last, bin}:
-- rows [first, last) (0-based, as the text is now) whose spans the bin
-- holds, their rows in st.spans false meanwhile. A bin is decoded when a
-- row of it is drawn or read (M.row), all of them before anything
-- else changes the cache (a local splice, a later push: M.settle),
-- and otherwise in idle slices after the last piece (bulletin.state.decode_later).

-- Replaces the spans of rows [first, last) of the cache with those of the
-- flat list {row, col, end_col, group, ...} (rows ascending, the current
-- rows): one pass to clear, one to fill, a row's table made with its first
-- span. Returns the rows cleared, or nil when none.
---@param st bulletin.State
---@param first integer
---@param last integer
---@param spans integer[]
---@return integer|nil first, integer|nil last
function M.fill(st, first, last, spans)
  local cache = st.spans
  local b = math.min(last, #cache)
  if first >= b then
    return nil, nil
  end
  for z = first + 1, b do
    cache[z] = false
  end
  local l
  local prev, m = -1, 0
  for k = 1, #spans, 4 do
    local y = spans[k]
    if y >= first and y < b then
      local c, e, g = spans[k + 1], spans[k + 2], spans[k + 3]
      if y ~= prev then
        prev = y
        l = cache[y + 1]
        m = l and #l or 0
      end
      if m > 0 then
        l[m + 1], l[m + 2], l[m + 3] = c, e, g
      else
        cache[y + 1] = { c, e, g }
        l = cache[y + 1]
      end
      m = m + 3
    end
  end
  return first, b
end

---A push's spans bin decoded: the flat list, or nil (the helper is then
---asked for the whole state again).
---@param st bulletin.State
---@param bin string
---@return integer[]|nil
function M.decode(st, bin)
  local flat, why = require('bulletin.wire').decode_spans(bin)
  if not flat then
    state.undecodable(st, 'highlight spans', why)
  end
  return flat
end

-- Decodes pending bin k of st into the cache.
local function decode_pending(st, k)
  local pend = rawget(st, '_hpend')
  local e = table.remove(pend, k)
  if #pend == 0 then
    rawset(st, '_hpend', nil)
  end
  local flat = M.decode(st, e[3])
  if flat then
    M.fill(st, e[1], e[2], flat)
  end
end

-- A push of fewer rows (an edit's) is decoded as it comes.
M.MIN_LAZY_ROWS = 512

---Keeps the spans bin of a push's rows [first, last) (the current rows)
---undecoded when it is a big push's (MIN_LAZY_ROWS rows or more) and after
---every bin pending; their rows are cleared. Returns the rows cleared
---(nil, nil when it was not kept: the caller decodes it).
---@param st bulletin.State
---@param first integer
---@param last integer
---@param bin string
---@return integer|nil first, integer|nil last
function M.add(st, first, last, bin)
  local pend = rawget(st, '_hpend')
  if last - first < M.MIN_LAZY_ROWS or (pend and first < pend[#pend][2]) then
    return nil, nil
  end
  local a, b = M.fill(st, first, last, {})
  if not a then
    return nil, nil
  end
  if pend then
    pend[#pend + 1] = { first, last, bin }
  else
    rawset(st, '_hpend', { { first, last, bin } })
  end
  return a, b
end

-- Rows [first, last) of a payload whose rows map to the current ones by
-- rows (state.map_rows): their spans replace the cache's. Returns the
-- current rows cleared, or nil.
local function replace_mapped(cache, first, last, spans, rows)
  local n = #cache
  local a, b
  for y = first, last - 1 do
    local z = rows[y]
    if z and z < n then
      cache[z + 1] = false
      a = (not a or z < a) and z or a
      b = (not b or z + 1 > b) and z + 1 or b
    end
  end
  for k = 1, #spans, 4 do
    local y = spans[k]
    local z = rows[y]
    if z and y >= first and y < last and z < n then
      local l = cache[z + 1]
      if not l then
        l = {}
        cache[z + 1] = l
      end
      l[#l + 1] = spans[k + 1]
      l[#l + 1] = spans[k + 2]
      l[#l + 1] = spans[k + 3]
    end
  end
  return a, b
end

---Replaces the cached spans of rows [first, last) with those of an `hl`
---payload: the flat list {row, col, end_col, group, ...} (rows ascending),
---or its msgpack bin (protocol 5), kept undecoded when it is a big push's
---piece (bulletin.spans).
---@param st bulletin.State
---@param first integer first payload row
---@param last integer end payload row (exclusive)
---@param spans integer[]|string|nil
---@param rows table|nil payload row -> current row or false
---(state.map_rows; nil: the same rows)
---@param lo integer|nil range changed so far
---@param hi integer|nil
---@return integer|nil lo, integer|nil hi the rows changed, widened
function M.replace(st, first, last, spans, rows, lo, hi)
  local a, b
  if type(spans) == 'string' then
    if not rows then
      a, b = M.add(st, first, last, spans)
    end
    if not a then
      M.settle(st)
      spans = M.decode(st, spans)
      if not spans then
        return lo, hi -- the helper sends the whole state again
      end
    end
  else
    M.settle(st)
  end
  if not a and not rows then
    -- the payload's rows are the current rows (every big push's pieces)
    a, b = M.fill(st, first, last, spans or {})
  elseif not a then
    a, b = replace_mapped(st.spans, first, last, spans or {}, rows)
  end
  if a then
    lo = (not lo or a < lo) and a or lo
    hi = (not hi or b > hi) and b or hi
  end
  return lo, hi
end

---Whether st has spans bins not decoded yet.
---@param st bulletin.State
---@return boolean
function M.pending(st)
  return rawget(st, '_hpend') ~= nil
end

---Decodes the first pending spans bin of st (idle slices:
---bulletin.state.decode_later).
---@param st bulletin.State
function M.decode_next(st)
  if rawget(st, '_hpend') then
    decode_pending(st, 1)
  end
end

---Decodes every pending spans bin of st.
---@param st bulletin.State
function M.settle(st)
  while rawget(st, '_hpend') do
    decode_pending(st, 1)
  end
end

---The spans of 1-based row of st (a flat {col, end_col, group, ...} or
---false/nil), decoding the bin that holds them if pending.
---@param st bulletin.State
---@param row integer 1-based
---@return integer[]|false|nil
function M.row(st, row)
  local pend = rawget(st, '_hpend')
  if pend then
    local r = row - 1
    for k = 1, #pend do
      local e = pend[k]
      if r >= e[1] and r < e[2] then
        decode_pending(st, k)
        break
      end
    end
  end
  return st.spans[row]
end

---Forgets every span of st (decoded or not).
---@param st bulletin.State
function M.clear(st)
  st.spans = {}
  rawset(st, '_hpend', nil)
end

return M
