-- bulletin.state: the per-buffer cache of what the helper last pushed.
--
-- For each attached buffer:
--   levels   fold level of every line (1-based array, as long as the buffer:
--            spliced locally on every edit so that 'foldexpr' answers stay
--            aligned with the text, overwritten by pushes)
--   starts   true on lines where an outline item with a fold starts (dense)
--   outline  {meta = ..., items = {...}} as the last push
--   by_line  line -> list of items starting there (built on first use)
--   diagnostics  the last pushed diagnostics (helper's shape), or nil
--   tick     the changedtick of the last applied push
--   lines_tick  the changedtick of the last text change (on_lines)
--   queue    pushes received while the buffer had moved on (their tick older
--            than the text): applied together, composed through the
--            helper's own splices, once a push catches up with the text
--   ready    true once the first push was applied
local M = {}

local bufs = {}

-- vim.NIL (a msgpack nil from the helper) as nil.
function M.nz(v)
  if v == vim.NIL then
    return nil
  end
  return v
end

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
    by_line = nil,
    diagnostics = nil,
    tick = nil,
    lines_tick = nil,
    queue = {},
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

-- Replaces `old` entries of arr from 0-based row `first` (1-based index
-- first+1) by `new` copies of fill.
local function splice_array(arr, first, old, new, fill)
  local n = #arr
  local from = first + 1 -- first 1-based index replaced
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
M._splice_array = splice_array

-- A local edit (from nvim_buf_attach's on_bytes, which for most commands
-- runs before Neovim re-evaluates folds): `old` rows from row `first` are
-- replaced by `new` rows. `first` is row + 1 when the edit starts inside
-- row `row` (which survives, changed), the row itself when whole lines are
-- replaced (the edit starts and ends at column 0). New rows get the level
-- of the row that follows them until the helper says better.
-- Returns the level given to the new rows.
function M.splice(st, first, old, new)
  local lv = st.levels[first + old + 1] or st.levels[first] or 0
  splice_array(st.levels, first, old, new, lv)
  splice_array(st.starts, first, old, new, false)
  return lv
end

-- A function mapping a 0-based line of the helper's state at push
-- queue[i] to its state at the last queued push (nil: the line was
-- rewritten since, and a later push carries it), or nil for the identity.
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
