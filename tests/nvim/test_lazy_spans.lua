-- Highlight spans as pushed (protocol 5): a push's `hl` spans come as one
-- msgpack bin; those of a big push's pieces are kept undecoded until a
-- line they hold is drawn or read, anything else changes the span cache,
-- or idle slices after the push decode them (issue 7: decoding 240,000
-- integers and a Lua table per line was some 50 ms of opening a
-- 100,000-line bulletin on 0.7.2).
local t = dofile(vim.env.BULLETIN_ROOT .. '/tests/nvim/lib.lua')
local api = vim.api
local helper = require('bulletin.helper')
local buffer = require('bulletin.buffer')
local state = require('bulletin.state')
local spans = require('bulletin.spans')
local highlight = require('bulletin.highlight')

local function npending(st)
  return st._hpend and #st._hpend or 0
end

-- The helper's spans of every row of buf, as {col, end_col, group} lists
-- per 1-based row (what the cache must hold once decoded).
local function helper_rows(buf)
  local flat = vim.rpcrequest(helper.chan, 'bulletin_spans', buf, 0, -1)
  local rows = {}
  for i = 1, #flat, 4 do
    local r = flat[i] + 1
    rows[r] = rows[r] or {}
    vim.list_extend(rows[r], { flat[i + 1], flat[i + 2], flat[i + 3] })
  end
  return rows
end

-- Rows of st's cache that differ from want's (the first few).
local function differing(st, want, n)
  local bad = {}
  for r = 1, n do
    local have = st.spans[r] or nil
    if not vim.deep_equal(have, want[r]) then
      bad[#bad + 1] = r
      if #bad == 5 then
        break
      end
    end
  end
  return bad
end

t.test('a big push leaves its spans undecoded; a drawn row decodes its bin, idle slices the rest', function()
  local path = t.big_file(30000)
  local seen = {}
  local unwatch = t.after_each_push(path, function(p, st)
    seen[#seen + 1] = { pending = npending(st), bin = type(p.hl and p.hl[3]) == 'string' }
  end)
  -- the idle slices are held until the checks below run them
  local held, release = t.hold_idle_slices()
  local ok, err = pcall(function()
    local buf = t.open(path, 20000)
    unwatch()
    t.ok(#seen >= 7, 'pieces: ' .. #seen)
    for i, s in ipairs(seen) do
      t.eq(true, s.bin, 'piece ' .. i .. ': spans as a bin')
      -- the first screen's rows may have been drawn: one bin decoded
      t.ok(s.pending >= i - 1, 'piece ' .. i .. ': ' .. s.pending .. ' bins pending')
    end
    local st = state.get(buf)
    local n = api.nvim_buf_line_count(buf)
    local want = helper_rows(buf)
    local before = npending(st)
    t.ok(before >= #seen - 1, 'pending after the push: ' .. before)
    -- the spans of a row far down: its bin alone is decoded
    local row = 20000
    local marks = highlight.marks(buf, row - 1)
    t.ok(#marks > 0 or not want[row], 'marks of row ' .. row)
    t.eq(#(want[row] or {}) / 3, #marks, 'as many marks as the helper has spans')
    t.eq(before - 1, npending(st), 'one bin decoded')
    t.eq(want[row], st.spans[row] or nil, 'row ' .. row)
    -- the idle slices decode the rest (after the items), one bin each
    t.ok(#held >= 1, 'an idle slice was scheduled')
    local slices = 0
    while #held > 0 do
      table.remove(held, 1)()
      slices = slices + 1
    end
    t.eq(0, npending(st), 'all decoded')
    t.ok(slices >= before, 'in slices: ' .. slices)
    t.eq({}, differing(st, want, n), 'the cache is the helper\'s spans')
  end)
  release()
  unwatch()
  if not ok then
    error(err, 0)
  end
end)

t.test('an edit while spans are pending decodes them first, then moves them', function()
  local path = t.big_file(20000)
  local held, release = t.hold_idle_slices()
  local ok, err = pcall(function()
    local buf = t.open(path, 20000)
    local st = state.get(buf)
    t.ok(npending(st) > 2, 'pending: ' .. npending(st))
    local want = helper_rows(buf)
    -- two lines in at row 10: before Neovim re-evaluates anything, the
    -- cache has every row decoded and the rows after the edit moved down
    api.nvim_buf_set_lines(buf, 9, 9, false, { 'Inserted narration.', '' })
    t.eq(0, npending(st), 'decoded by the edit')
    t.eq(want[15000], st.spans[15002] or nil, 'row 15000 moved to 15002')
    t.eq(want[9], st.spans[9] or nil, 'row 9 stays')
    t.ok(vim.wait(5000, function()
      return buffer.synced(buf)
    end, 5), 'synced after the edit')
    t.eq({}, differing(st, helper_rows(buf), api.nvim_buf_line_count(buf)), 'the cache is the helper\'s spans')
  end)
  release()
  for _, fn in ipairs(held) do
    fn()
  end
  if not ok then
    error(err, 0)
  end
end)

t.test('pending spans: which bin a row decodes, small pushes, overlap, a bad bin', function()
  local buf = api.nvim_create_buf(false, true)
  local st = state.new(buf)
  st.spans = state.array(2000)
  for i = 1, 2000 do
    st.spans[i] = false
  end
  local function bin(rows)
    local flat = {}
    for _, r in ipairs(rows) do
      vim.list_extend(flat, { r, 0, 4, 1, r, 6, 9, 3 })
    end
    return vim.mpack.encode(flat)
  end
  local enc = vim.mpack.encode
  t.eq({ 0, 600 }, { spans.add(st, 0, 600, bin({ 3, 599 })) }, 'rows 0-600 kept')
  t.eq({ 600, 1200 }, { spans.add(st, 600, 1200, bin({ 600, 1100 })) }, 'rows 600-1200 kept')
  t.eq({}, { spans.add(st, 1200, 1300, bin({ 1250 })) }, 'a small push is not kept')
  t.eq({}, { spans.add(st, 1000, 1800, bin({ 1500 })) }, 'an overlapping one is not kept')
  t.eq(2, npending(st), 'two pending')
  t.eq(false, st.spans[1101], 'pending rows read false from the cache')
  t.eq({ 0, 4, 1, 6, 9, 3 }, spans.row(st, 1101), 'row 1100 (1-based 1101)')
  t.eq(1, npending(st), 'its bin alone decoded')
  t.eq(false, spans.row(st, 1102), 'a row of the bin without spans')
  t.eq({ 0, 4, 1, 6, 9, 3 }, st.spans[600 + 1], 'row 600 with it')
  t.eq(false, st.spans[4], 'row 3 still pending')
  -- spans.replace() with a push's small bin settles what is pending first
  local lo, hi = spans.replace(st, 1200, 1300, bin({ 1250 }))
  t.eq({ 1200, 1300 }, { lo, hi }, 'rows replaced')
  t.eq(0, npending(st), 'settled')
  t.eq({ 0, 4, 1, 6, 9, 3 }, st.spans[4], 'row 3 decoded')
  t.eq({ 0, 4, 1, 6, 9, 3 }, st.spans[1251], 'row 1250')
  -- a bin that does not decode: nothing drawn there, the helper asked for
  -- the whole state again
  local sent = {}
  local notify_helper, notify = helper.notify, vim.notify
  helper.notify = function(m, b)
    sent[#sent + 1] = { m, b }
  end
  vim.notify = function() end
  t.eq({ 1300, 1900 }, { spans.add(st, 1300, 1900, enc({ 1, 2, 3 })) }, 'a bad bin is kept')
  t.eq(false, spans.row(st, 1400), 'its rows: no spans')
  t.eq(0, npending(st), 'dropped')
  vim.wait(100, function()
    return #sent > 0
  end)
  helper.notify, vim.notify = notify_helper, notify
  t.eq({ { 'bulletin_refresh', buf } }, sent, 'refresh asked')
  spans.clear(st)
  t.eq({ 0, nil }, { #st.spans, st._hpend }, 'cleared')
  state.drop(buf)
  api.nvim_buf_delete(buf, { force = true })
end)

t.finish()
