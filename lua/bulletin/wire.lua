-- bulletin.wire: outline items as pushes carry them (PROTOCOL.md "Outline
-- items in pushes"). A push sends each item as an array of its values in a
-- fixed order, its kind an Integer (0 story, 1 section, 2 quote), without
-- the keys: the outline of a big bulletin's first push is then about 60%
-- of the bytes and objects for Neovim to decode. The arrays are kept as
-- they come and read by name through a metatable per kind (`it.title`,
-- `it.line = …`), so every other module reads the keys of the outline JSON
-- (BULLETIN-FORMAT.md §5) plus `quote` and `quote_span`, as a
-- `bulletin_outline` request answers them; turning 27,778 arrays into maps
-- cost about as much as decoding the keys did. Since protocol 4 a push's
-- items come as one msgpack bin, decoded by M.decode when first read
-- (bulletin.state), and since protocol 5 its highlight spans too
-- (M.decode_spans). Values pass as they come
-- (vim.NIL stays vim.NIL, as in a decoded map). M.plain() makes one a map
-- (for copies handed to users).
local M = {}

local KINDS = { [0] = 'story', [1] = 'section', [2] = 'quote' }
-- Where each key's value is in the array, by kind. `seconds` (the read
-- time bulletin.timing sets on every item) is kept at index 0: LuaJIT's
-- array part has a slot 0 (unused by the decoder), so setting it allocates
-- nothing, where a new key would grow a hash part in each of the items.
local POS = {
  [0] = { seconds = 0, level = 2, line = 3, end_line = 4, title = 5 },
  [1] = { seconds = 0, level = 2, line = 3, end_line = 4, tag = 5, section = 6 },
  [2] = {
    seconds = 0, level = 2, line = 3, end_line = 4, quote_line = 5, form = 6, speaker = 7, role = 8,
    quote = 9, quote_span = 10,
  },
}

-- The metatable of each kind: a key of the kind reads and writes its place;
-- any other key is an ordinary field.
local MT, IS_MT = {}, {}
for k, pos in pairs(POS) do
  local kind = KINDS[k]
  MT[k] = {
    __index = function(t, key)
      if key == 'kind' then
        return kind
      end
      local i = pos[key]
      if i then
        return rawget(t, i)
      end
    end,
    __newindex = function(t, key, v)
      local i = pos[key]
      if i then
        rawset(t, i, v)
      elseif key ~= 'kind' then
        rawset(t, key, v)
      end
    end,
  }
  IS_MT[MT[k]] = k
end

---Every item of a push's `items` array made readable by name, in place;
---returns it.
---@param items table|nil
---@return table|nil
function M.items(items)
  if type(items) ~= 'table' then
    return items
  end
  for i = 1, #items do
    local a = items[i]
    setmetatable(a, MT[a[1]] or MT[0])
  end
  return items
end

---The number of items a push's `items` bin holds (protocol 4: the msgpack
---encoding of their array), read from its array header without decoding
---it; nil when the bytes do not start with an array.
---@param s string
---@return integer|nil
function M.count(s)
  local b = s:byte(1)
  if not b then
    return nil
  elseif b >= 0x90 and b <= 0x9f then
    return b - 0x90
  elseif b == 0xdc and #s >= 3 then
    local x, y = s:byte(2, 3)
    return x * 256 + y
  elseif b == 0xdd and #s >= 5 then
    local w, x, y, z = s:byte(2, 5)
    return ((w * 256 + x) * 256 + y) * 256 + z
  end
  return nil
end

---A push's `items` bin decoded (vim.mpack) into items made readable by
---name (M.items); nil and why when it is not an array of item arrays.
---@param s string
---@return table|nil items
---@return string|nil why
function M.decode(s)
  local ok, v = pcall(vim.mpack.decode, s)
  if not ok then
    return nil, tostring(v)
  elseif type(v) ~= 'table' then
    return nil, 'not an array'
  end
  for i = 1, #v do
    local a = v[i]
    if type(a) ~= 'table' or not MT[a[1]] then
      return nil, 'item ' .. i .. ' is not an item array'
    end
  end
  return M.items(v), nil
end

---A push's `hl` spans bin (protocol 5: the msgpack encoding of the flat
---array {row, col, end_col, group, ...}) decoded; nil and why when it is
---not a flat array of integers in fours.
---@param s string
---@return integer[]|nil spans
---@return string|nil why
function M.decode_spans(s)
  local ok, v = pcall(vim.mpack.decode, s)
  if not ok then
    return nil, tostring(v)
  elseif type(v) ~= 'table' or #v % 4 ~= 0 then
    return nil, 'not an array of spans'
  end
  for i = 1, #v do
    if type(v[i]) ~= 'number' then
      return nil, 'span value ' .. i .. ' is not an integer'
    end
  end
  return v, nil
end

---Moves a wire item (one M.items made readable) by s lines in its places:
---line, end_line, and a quote's quote_line and both rows of quote_span
---where not nil (PROTOCOL.md `shift`), without going through the
---metatable: a line split in a big bulletin moves every item after it.
---@param it table
---@param s integer
function M.shift(it, s)
  it[3] = it[3] + s
  it[4] = it[4] + s
  if getmetatable(it) == MT[2] then
    local ql, qs = it[5], it[10]
    if type(ql) == 'number' then
      it[5] = ql + s
    end
    if type(qs) == 'table' then
      qs[1] = qs[1] + s
      qs[3] = qs[3] + s
    end
  end
end

---Is v an item in the wire form (made readable by M.items)?
---@param v any
---@return boolean
function M.is_item(v)
  return type(v) == 'table' and IS_MT[getmetatable(v)] ~= nil
end

---A wire item as a plain map with the keys of its kind (`seconds` when
---set); values are not copied.
---@param it table
---@return table
function M.plain(it)
  local k = IS_MT[getmetatable(it)]
  local r = { kind = KINDS[k] }
  for key, i in pairs(POS[k]) do
    r[key] = rawget(it, i)
  end
  for key, v in pairs(it) do
    if type(key) == 'string' then
      r[key] = v
    end
  end
  return r
end

return M
