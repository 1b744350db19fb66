-- Outline items as pushed (protocol 4): a push's items come as one msgpack
-- bin per piece, kept undecoded until something reads them (fold text as
-- far as it shows, any read of the outline, a splice that is not the next
-- piece) or decoded in idle slices after the push (issue 7: the outline's
-- decoding was the biggest part of opening a big bulletin).
local t = dofile(vim.env.BULLETIN_ROOT .. '/tests/nvim/lib.lua')
local api = vim.api
local helper = require('bulletin.helper')
local state = require('bulletin.state')

-- The items decoded so far (not reading st.outline, which decodes all).
local function decoded(st)
  local ol = rawget(st, '_outline')
  return ol and #ol.items or 0
end

t.test('a big push leaves its items undecoded; fold text decodes what it shows, idle slices the rest', function()
  local path = t.big_file(30000)
  local seen = {}
  local unwatch = t.after_each_push(path, function(p, st)
    seen[#seen + 1] = { pending = state.pending_items(st), decoded = decoded(st), partial = p.partial == true }
  end)
  -- the idle slices are held until the checks below run them
  local held, release = t.hold_idle_slices()
  local ok, err = pcall(function()
    local buf = t.open(path, 20000)
    unwatch()
    t.ok(#seen >= 8, 'pieces: ' .. #seen)
    local want = vim.rpcrequest(helper.chan, 'bulletin_outline', buf).items
    t.ok(#want > 2048, 'items: ' .. #want)
    -- at most the first screen's fold texts decoded some (the statusline
    -- redraw after the last piece draws them, even headless)
    for i, s in ipairs(seen) do
      t.eq(true, s.pending, 'piece ' .. i .. ': items pending')
      t.ok(s.decoded < #want / 4, 'piece ' .. i .. ': decoded ' .. s.decoded .. ' of ' .. #want)
    end
    t.eq(false, seen[#seen].partial, 'the last piece')
    local st = state.get(buf)
    -- the text of the first story's closed fold: only the items up to it
    local first = want[1].kind == 'story' and want[1] or want[2]
    local before = decoded(st)
    local text = require('bulletin.folds').summary(buf, first.line, first.end_line, 1)
    t.match(vim.pesc(first.title), text, 'fold text names the story')
    t.ok(state.pending_items(st), 'items still pending after the fold text')
    t.ok(decoded(st) > 0 and decoded(st) < #want / 4, 'decoded ' .. decoded(st) .. ' of ' .. #want)
    t.ok(decoded(st) >= before, 'decoded ' .. before .. ' before the fold text')
    -- the idle slices decode the rest, one bin each
    t.eq(1, #held, 'an idle slice was scheduled')
    local slices = 0
    while #held > 0 do
      table.remove(held, 1)()
      slices = slices + 1
    end
    t.ok(not state.pending_items(st), 'all decoded')
    t.eq(#want, decoded(st), 'every item')
    t.ok(slices >= 2, 'in slices: ' .. slices)
    -- what the slices decoded is the helper's outline, with the CLI's times
    local mine = require('bulletin').outline(buf)
    t.eq(#want, #mine, 'outline length')
    local cli = vim.fn.json_decode(vim.fn.system({ t.bin, 'outline', '--format', 'json', path }))
    t.eq(#want, #cli.items, 'CLI items')
    local bad
    for i, it in ipairs(want) do
      local m = mine[i]
      if not bad and not vim.deep_equal({ it.kind, it.line, it.end_line, it.title, it.quote },
        { m.kind, m.line, m.end_line, m.title, m.quote }) then
        bad = 'item ' .. i
      end
      -- the CLI's JSON gives seconds to a tenth
      local c = cli.items[i].seconds
      c = c ~= vim.NIL and c or nil
      if not bad and ((c == nil) ~= (m.seconds == nil) or (c and math.abs(m.seconds - c) > 0.05 + 1e-9)) then
        bad = string.format('item %d seconds %s, CLI %s', i, tostring(m.seconds), tostring(cli.items[i].seconds))
      end
    end
    t.eq(nil, bad, 'items and times')
  end)
  release()
  unwatch()
  if not ok then
    error(err, 0)
  end
end)

-- Items of the sample's kinds at the given lines, as maps.
local function items_at(lines)
  local out = {}
  for i, l in ipairs(lines) do
    if i % 3 == 1 then
      out[i] = { kind = 'story', level = 1, line = l, end_line = l + 1, title = 'Story ' .. i }
    elseif i % 3 == 2 then
      out[i] = { kind = 'section', level = 2, line = l, end_line = l + 1, tag = '[LEAD]', section = 'LEAD' }
    else
      out[i] = { kind = 'quote', level = 3, line = l, end_line = l, quote_line = l, form = 'slash',
        speaker = 'Kim ' .. i, role = 'Reporter', quote = 'Words ' .. i, quote_span = { l, 0, l, 5 } }
    end
  end
  return out
end

local function lines_of(st)
  local r = {}
  for i, it in ipairs(st.outline.items) do
    r[i] = it.line
  end
  return r
end

t.test('pending items: fold text, times, a splice and a bad bin', function()
  local buf = api.nvim_create_buf(false, true)
  local st = state.new(buf)
  local meta = { date = vim.NIL, program = vim.NIL, posted = vim.NIL, updated = vim.NIL }
  local all = items_at({ 1, 3, 5, 10, 12, 14, 20, 22 })
  local function part(a, b)
    return t.wire_items({ unpack(all, a, b) })
  end
  t.ok(state.set_outline(st, { meta = meta, items = part(1, 3) }), 'set_outline')
  t.ok(state.splice_outline(st, { first = 3, removed = 0, shift = 0, items = part(4, 6), meta = meta }), 'piece 2')
  t.ok(state.splice_outline(st, { first = 6, removed = 0, shift = 0, items = part(7, 8), meta = meta }), 'piece 3')
  t.eq(0, decoded(st), 'pieces append undecoded')
  -- times of items 2 .. 8 (0-based first 1), before any is decoded
  t.ok(state.set_times(st, 1, { 20, 30, 40, 50, 60, 70, 80 }), 'set_times')
  -- fold text of lines 1 .. 4 needs the first bin only
  local items = state.items_by_line(st, 4)
  t.eq(3, #items, 'decoded as far as line 4')
  t.eq(30, items[3].seconds, 'its times written')
  t.eq(nil, items[1].seconds, 'item 1 has no time')
  t.ok(state.pending_items(st), 'the rest pending')
  -- a splice that is not the next piece decodes the rest first: item 5
  -- (0-based 4) replaced by one at line 13, the items after it 2 lines down
  local new = { kind = 'section', level = 2, line = 13, end_line = 13, tag = '[REPORT]', section = 'REPORT' }
  t.ok(state.splice_outline(st, { first = 4, removed = 1, shift = 2, items = t.wire_items({ new }), meta = meta }),
    'splice')
  t.ok(not state.pending_items(st), 'nothing pending')
  t.eq({ 1, 3, 5, 10, 13, 16, 22, 24 }, lines_of(st), 'lines after the splice')
  t.eq('[REPORT]', st.outline.items[5].tag, 'the new item')
  t.eq({ 20, 30, 40, 60, 70, 80 }, { st.outline.items[2].seconds, st.outline.items[3].seconds,
    st.outline.items[4].seconds, st.outline.items[6].seconds, st.outline.items[7].seconds,
    st.outline.items[8].seconds }, 'times of the items kept')
  -- a bin that does not decode: the outline is dropped, the helper asked
  -- for the whole state again
  local sent = {}
  local notify_helper, notify = helper.notify, vim.notify
  helper.notify = function(m, b)
    sent[#sent + 1] = { m, b }
  end
  vim.notify = function() end
  t.ok(state.set_outline(st, { meta = meta, items = '\146\001' }), 'a truncated bin is taken')
  t.eq(nil, st.outline, 'read: dropped')
  vim.wait(100, function()
    return #sent > 0
  end)
  helper.notify, vim.notify = notify_helper, notify
  t.eq({ { 'bulletin_refresh', buf } }, sent, 'refresh asked')
  t.eq(false, state.set_outline(st, { meta = meta, items = 'not msgpack' }), 'no array header: refused')
  state.drop(buf)
  api.nvim_buf_delete(buf, { force = true })
end)

t.finish()
