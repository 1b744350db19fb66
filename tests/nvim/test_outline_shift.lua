-- The cached outline after structural edits: the move of the items after
-- an outline splice is made lazily (bulletin.state), composed over several
-- pushes; what a reader sees must equal the helper's outline every time.
local t = dofile(vim.env.BULLETIN_ROOT .. '/tests/nvim/lib.lua')
local helper = require('bulletin.helper')
local buffer = require('bulletin.buffer')
local state = require('bulletin.state')

local function synced(buf)
  return vim.wait(5000, function()
    return buffer.synced(buf)
  end, 5)
end

-- Every item's lines as the plugin holds them equal the helper's.
local function same_outline(buf, what)
  local want = vim.rpcrequest(helper.chan, 'bulletin_outline', buf).items
  local got = require('bulletin').outline(buf)
  t.eq(#want, #got, what .. ': items')
  local bad
  for i, it in ipairs(want) do
    local m = got[i]
    local a = vim.inspect({ it.kind, it.line, it.end_line, it.quote_line, it.quote_span })
    local b = vim.inspect({ m.kind, m.line, m.end_line, m.quote_line, m.quote_span })
    if a ~= b and not bad then
      bad = string.format('item %d: helper %s, plugin %s', i, a, b)
    end
  end
  t.eq(nil, bad, what)
end

-- The sample's stories twenty times over (some 800 lines).
local function open_big()
  local lines = vim.fn.readfile(t.sample)
  local path = vim.fn.tempname() .. '.bulletin'
  local out = { lines[1], lines[2], '' }
  for _ = 1, 20 do
    for i = 4, #lines do
      out[#out + 1] = lines[i]
    end
    out[#out + 1] = ''
  end
  vim.fn.writefile(out, path)
  return t.open(path)
end

-- Structural edits (new sections, a deleted tag line, a new story) before,
-- inside and after the items still waiting for their move.
local edits = {
  { 400, 400, { '[REPORT]', 'A new section.' } },
  { 100, 100, { '[REPORT]', 'Another one, earlier.' } },
  { 700, 700, { '', '9. A Story Late In The File', '', '[LEAD]', 'Words.' } },
  { 100, 102, {} },
  { 5, 5, { '[Soundbite] Kim (Worker): "New words."' } },
  { 650, 650, { '[LEAD]', 'More.' } },
}

t.test('outline splices composed without a read between them', function()
  local buf = open_big()
  t.ok(synced(buf), 'synced')
  -- No closed fold on screen: a closed fold's text reads the outline's
  -- lines (folds.summary) whenever the screen is drawn, which the timing's
  -- redrawstatus after a push does at once; nothing else may read them.
  vim.wo.foldlevel = 99
  local st = state.get(buf)
  local pending = false
  for _, e in ipairs(edits) do
    vim.api.nvim_buf_set_lines(buf, e[1], e[2], false, e[3])
    t.ok(synced(buf), 'synced after the edit at ' .. e[1])
    pending = pending or rawget(st, '_ofrom') ~= nil
  end
  t.ok(pending, 'a move was left pending (the lazy path ran)')
  same_outline(buf, 'after every edit')
end)

t.test('outline splices with a read after each', function()
  local buf = open_big()
  t.ok(synced(buf), 'synced')
  for i, e in ipairs(edits) do
    vim.api.nvim_buf_set_lines(buf, e[1], e[2], false, e[3])
    t.ok(synced(buf), 'synced after the edit at ' .. e[1])
    same_outline(buf, 'after edit ' .. i)
  end
  -- undo them all: splices the other way
  vim.cmd('silent! undo 0')
  t.ok(synced(buf), 'synced after undo')
  same_outline(buf, 'after undoing everything')
end)

t.test('closed folds drawn after each edit read the items without moving them', function()
  local buf = open_big()
  t.ok(synced(buf), 'synced')
  vim.wo.foldlevel = 0 -- every story closed: fold texts on screen
  local st = state.get(buf)
  local folds = require('bulletin.folds')
  for i, e in ipairs({ edits[2], edits[5] }) do
    vim.api.nvim_buf_set_lines(buf, e[1], e[2], false, e[3])
    t.ok(synced(buf), 'synced after edit ' .. i)
    vim.cmd('redraw')
    t.ok(rawget(st, '_ofrom') ~= nil, 'edit ' .. i .. ': the move still pending after a redraw')
    -- each closed story's text, as the fold text shows it, names the
    -- helper's item at that line and counts its soundbites
    local want = vim.rpcrequest(helper.chan, 'bulletin_outline', buf).items
    for k, it in ipairs(want) do
      if it.kind == 'story' then
        local nq = 0
        for j = k + 1, #want do
          if want[j].line > it.end_line then
            break
          end
          nq = nq + (want[j].kind == 'quote' and 1 or 0)
        end
        local text = folds.summary(buf, it.line, it.end_line, 1)
        t.eq(1, select(2, text:gsub('^' .. vim.pesc(it.title), '')), 'edit ' .. i .. ': story at ' .. it.line)
        t.ok(text:find(string.format('%d lines?', it.end_line - it.line + 1)), text)
        t.ok(nq == 0 or text:find(string.format(', %d soundbites?%%)', nq)), text .. ' (' .. nq .. ')')
      end
    end
    t.ok(rawget(st, '_ofrom') ~= nil, 'edit ' .. i .. ': still pending after every fold text')
  end
  same_outline(buf, 'the items read at last')
end)

t.finish()
