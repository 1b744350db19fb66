-- The live view (issue 7): the plugin's caches follow the helper's model
-- through undo, redo, :edit!, big pastes; diagnostics move with the text;
-- lint without a blocking request; refused buffers; errors shown once.
local t = dofile(vim.env.BULLETIN_ROOT .. '/tests/nvim/lib.lua')
local E = dofile(t.root .. '/tests/nvim/expected.lua')
local helper = require('bulletin.helper')
local buffer = require('bulletin.buffer')
local state = require('bulletin.state')
local hlmod = require('bulletin.highlight')
local lint_ns = vim.api.nvim_create_namespace('bulletin.lint')
local ns = vim.api.nvim_create_namespace('bulletin')

local messages = {}
local notify = vim.notify
vim.notify = function(msg, level, opts)
  messages[#messages + 1] = tostring(msg)
  return notify(msg, level, opts)
end

local function count(pat)
  local n = 0
  for _, m in ipairs(messages) do
    if m:find(pat, 1, true) then
      n = n + 1
    end
  end
  return n
end

local function synced(buf, ms)
  return vim.wait(ms or 5000, function()
    return buffer.synced(buf)
  end, 5)
end

-- What the plugin holds equals what the helper computes from scratch:
-- fold answers, the spans drawn, the outline (with quote texts), and no
-- stored marks anywhere.
local function same_as_helper(buf, what)
  t.ok(synced(buf), what .. ': synced')
  local n = vim.api.nvim_buf_line_count(buf)
  local st = state.get(buf)
  local folds = vim.rpcrequest(helper.chan, 'bulletin_folds', buf)
  t.eq(n, #folds, what .. ': helper line count')
  t.eq(n, #st.folds, what .. ': fold cache length')
  t.eq(n, #st.spans, what .. ': span cache length')
  local bad
  for l = 1, n do
    if st.folds[l] ~= folds[l] and not bad then
      bad = string.format('line %d: cache %s, helper %s', l, tostring(st.folds[l]), tostring(folds[l]))
    end
  end
  t.eq(nil, bad, what .. ': fold values')
  t.eq(n, #vim.b[buf].bulletin_folds, what .. ': b:bulletin_folds length')
  local spans = vim.rpcrequest(helper.chan, 'bulletin_spans', buf, 0, n)
  local want, got = {}, {}
  for i = 1, #spans, 4 do
    want[#want + 1] = string.format('%d:%d-%d:%s', spans[i], spans[i + 1], spans[i + 2], helper.groups[spans[i + 3] + 1])
  end
  for row = 0, n - 1 do
    for _, m in ipairs(hlmod.marks(buf, row)) do
      got[#got + 1] = string.format('%d:%d-%d:%s', row, m[1], m[2], m[3])
    end
  end
  table.sort(want)
  table.sort(got)
  t.eq(#want, #got, what .. ': number of spans')
  t.eq(want, got, what .. ': spans')
  t.eq({}, vim.api.nvim_buf_get_extmarks(buf, ns, 0, -1, {}), what .. ': no stored marks')
  local outline = vim.rpcrequest(helper.chan, 'bulletin_outline', buf)
  local mine = require('bulletin').outline(buf)
  t.eq(#outline.items, #mine, what .. ': outline items')
  for i, it in ipairs(outline.items) do
    local m = mine[i]
    t.eq({ it.kind, it.line, it.end_line, it.quote, it.quote_span },
      { m.kind, m.line, m.end_line, m.quote, m.quote_span }, what .. ': item ' .. i)
  end
end

t.test('quote text and span come from the helper (foldtext, items)', function()
  local buf = t.open(t.tmpcopy(t.sample))
  local want = E.quotes
  local n = 0
  for _, it in ipairs(require('bulletin').outline(buf)) do
    if it.kind == 'quote' then
      n = n + 1
      t.eq(want[it.line], it.quote, 'quote of the soundbite at line ' .. it.line)
      local qs = it.quote_span
      local lines = vim.api.nvim_buf_get_text(buf, qs[1], qs[2], qs[3], qs[4], {})
      local joined = table.concat(vim.tbl_map(vim.trim, lines), ' ')
      t.eq(want[it.line], joined, 'quote_span of the soundbite at line ' .. it.line)
    end
  end
  t.eq(7, n, 'soundbites')
  -- foldtext reads item.quote: a changed quote shows after the push
  vim.api.nvim_buf_set_lines(buf, 12, 14, false, { '"Totally new words here."' })
  t.ok(synced(buf), 'synced')
  vim.cmd('normal! zR')
  vim.cmd('12foldclose')
  t.match('^Kang Yu%-jung %(Presidential Spokesperson%): Totally new words here%.', require('bulletin.folds').summary(buf, 12, 13, 3))
end)

t.test('highlights move with the text before the helper answers', function()
  local buf = t.open(t.tmpcopy(t.sample))
  local pid = helper.job_pid
  vim.loop.kill(pid, 'sigstop') -- no push until the checks are done
  local ok, err = pcall(function()
    -- lines above: row 11 (Kang Yu-jung / ...) moves to row 13
    vim.api.nvim_buf_set_lines(buf, 0, 0, false, { 'a', 'b' })
    t.eq('bulletinSpeaker', (hlmod.marks(buf, 13)[1] or {})[3], 'speaker moved down two rows')
    t.eq({}, hlmod.marks(buf, 11), 'nothing left on the old row')
    -- text inserted before the speaker on its row: the spans shift right
    vim.api.nvim_buf_set_text(buf, 13, 0, 13, 0, { 'XYZ ' })
    local m = hlmod.marks(buf, 13)
    t.eq({ 4, 16, 'bulletinSpeaker' }, m[1], 'speaker shifted by 4 columns')
    -- a line split inside the role: the tail moves to the new row
    vim.api.nvim_buf_set_text(buf, 13, 19, 13, 19, { '', '' })
    t.eq({ 4, 16, 'bulletinSpeaker' }, hlmod.marks(buf, 13)[1], 'speaker stays')
    local tail = hlmod.marks(buf, 14)[1]
    t.ok(tail and tail[3] == 'bulletinRole' and tail[1] == 0, 'role tail on the new row: ' .. vim.inspect(hlmod.marks(buf, 14)))
    t.eq(vim.api.nvim_buf_line_count(buf), #state.get(buf).spans, 'span cache as long as the buffer')
  end)
  vim.loop.kill(pid, 'sigcont')
  t.ok(ok, err)
  same_as_helper(buf, 'after the pushes')
end)

t.test('diagnostics move with the text between saves; ]d follows', function()
  local buf = t.open(t.tmpcopy(t.fixtures .. '/unknown-tag.bulletin'))
  vim.cmd('silent write')
  t.wait_for(5000, function()
    return #vim.diagnostic.get(buf, { namespace = lint_ns }) > 0
  end, 'diagnostics after :write')
  local d = vim.diagnostic.get(buf, { namespace = lint_ns })[1]
  t.eq(5, d.lnum, 'finding on line 6')
  vim.api.nvim_buf_set_lines(buf, 1, 1, false, { 'Three new lines', 'above the finding', 'of narration.' })
  t.ok(synced(buf), 'synced')
  t.wait_for(2000, function()
    local l = vim.diagnostic.get(buf, { namespace = lint_ns })
    return #l == 1 and l[1].lnum == 8
  end, 'diagnostic on line 9: ' .. vim.inspect(vim.diagnostic.get(buf, { namespace = lint_ns })))
  vim.api.nvim_win_set_cursor(0, { 1, 0 })
  if vim.fn.has('nvim-0.10') == 1 then
    t.feed(']d') -- the default map
  else
    vim.diagnostic.goto_next({ float = false })
  end
  t.eq(9, t.cursor()[1], ']d lands on the moved finding')
  -- deleting the line of the finding drops it
  vim.api.nvim_buf_set_lines(buf, 8, 9, false, {})
  t.ok(synced(buf), 'synced')
  t.wait_for(2000, function()
    return #vim.diagnostic.get(buf, { namespace = lint_ns }) == 0
  end, 'finding dropped with its line')
end)

t.test('the suggestion is printed once (diagnostic and quickfix)', function()
  local buf = t.open(t.tmpcopy(t.fixtures .. '/unknown-tag.bulletin'))
  local ok, diags = buffer.lint_now(buf, 5000)
  t.ok(ok, 'lint_now: ' .. tostring(diags))
  local d = vim.diagnostic.get(buf, { namespace = lint_ns })[1]
  t.ok(d, 'a diagnostic')
  local _, n = d.message:gsub('did you mean', '')
  t.eq(1, n, 'once in ' .. d.message)
  t.match('%(did you mean %[REPORT%]%?%)$', d.message)
  local qf = require('bulletin.lint').qf_items(buf, diags)
  _, n = qf[1].text:gsub('did you mean', '')
  t.eq(1, n, 'once in ' .. qf[1].text)
end)

t.test('lint_now lints the unsaved text by notification, with a deadline', function()
  local buf = t.open(t.tmpcopy(t.sample))
  vim.api.nvim_buf_set_lines(buf, 45, 46, false, { '[Reprot]' })
  local ok, diags = buffer.lint_now(buf, 5000)
  t.ok(ok, 'lint_now: ' .. tostring(diags))
  local found
  for _, d in ipairs(diags) do
    if d.code == 'unknown-tag' then
      found = d
    end
  end
  t.ok(found, 'unknown-tag in the unsaved text: ' .. vim.inspect(diags))
  t.eq(45, found.lnum)
  -- a stopped helper: lint_now gives up at its deadline, Neovim does not hang
  local pid = helper.job_pid
  vim.loop.kill(pid, 'sigstop')
  local t0 = vim.loop.hrtime()
  local ok2, msg = buffer.lint_now(buf, 300)
  local secs = (vim.loop.hrtime() - t0) / 1e9
  vim.loop.kill(pid, 'sigcont')
  t.eq(false, ok2, 'no answer from a stopped helper')
  t.match('within 300 ms', msg)
  t.ok(secs < 1.5, 'returned after ' .. secs .. ' s')
end)

t.test('apply never blocks on a request: a lost outline is refreshed by notification', function()
  local buf = t.open(t.tmpcopy(t.sample))
  local rpcrequest = vim.rpcrequest
  local asked = 0
  vim.rpcrequest = function(...)
    asked = asked + 1
    return rpcrequest(...)
  end
  state.get(buf).outline = nil -- the cache cannot be trusted
  vim.api.nvim_buf_set_lines(buf, 20, 20, false, { '', '4. A New Story Title', '' })
  local ok = synced(buf)
  vim.rpcrequest = rpcrequest
  t.ok(ok, 'synced again')
  t.eq(0, asked, 'blocking requests from apply')
  same_as_helper(buf, 'after bulletin_refresh')
end)

t.test('undo and redo of a 10,000-line paste; :edit!', function()
  local buf = t.open(t.tmpcopy(t.sample))
  vim.cmd('normal! zR')
  local items = #require('bulletin').outline(buf) -- the sample's
  t.ok(items > 10, 'the sample has an outline')
  local sample = vim.fn.readfile(t.sample)
  local paste = {}
  while #paste < 10000 do
    for i = 4, #sample do
      if #paste < 10000 then
        paste[#paste + 1] = sample[i]
      end
    end
  end
  vim.fn.setreg('a', paste, 'l')
  vim.api.nvim_win_set_cursor(0, { 20, 0 })
  vim.cmd('normal! "ap')
  same_as_helper(buf, 'paste')
  vim.cmd('silent normal! u')
  same_as_helper(buf, 'undo')
  t.eq(55, vim.api.nvim_buf_line_count(buf))
  t.eq(items, #require('bulletin').outline(buf), 'the outline of the sample')
  vim.cmd('silent normal! \18')
  same_as_helper(buf, 'redo')
  vim.cmd('silent normal! u')
  same_as_helper(buf, 'undo again')
  t.eq(items, #require('bulletin').outline(buf), 'the outline of the sample')
  vim.api.nvim_buf_set_lines(buf, 0, 10, false, {})
  same_as_helper(buf, 'delete the top')
  vim.cmd('silent edit!')
  same_as_helper(buf, ':edit!')
end)

-- A big bulletin's whole state comes in pieces (PROTOCOL.md "partial").
-- The tests of pieces below keep 'foldexpr' folds at 30,000 lines (the
-- threshold of manual folds raised, as for a smaller buffer): the fold
-- options are then set at the last piece, which they check. Returns the
-- function that puts the threshold back.
local function expr_folds_at_any_size()
  local manualfolds = require('bulletin.manualfolds')
  local saved = manualfolds.MANUAL_MIN
  manualfolds.MANUAL_MIN = math.huge
  return function()
    manualfolds.MANUAL_MIN = saved
  end
end

-- Records the pushes of buf as they arrive: partial or not, whether the
-- buffer was synced and its folds on right after, and how often a 1 ms
-- libuv timer ran before it (the main loop was free).
local function record_pieces(buf)
  local rec, ticks = {}, 0
  local timer = vim.loop.new_timer()
  timer:start(1, 1, function()
    ticks = ticks + 1
  end)
  local orig = helper._on_push
  helper._on_push = function(p)
    local r = orig(p)
    if p.buf == buf then
      rec[#rec + 1] = { partial = p.partial == true, ticks = ticks, synced = buffer.synced(buf),
        folds_on = vim.wo.foldexpr == require('bulletin.folds').EXPR }
    end
    return r
  end
  return rec, function()
    helper._on_push = orig
    timer:stop()
    timer:close()
  end
end

t.test('a big bulletin: its whole state in pieces, the main loop runs between them', function()
  local restore = expr_folds_at_any_size()
  local path = t.big_file(30000)
  local rec, stop
  local au = vim.api.nvim_create_autocmd('BufReadPost', { once = true, callback = function(ev)
    rec, stop = record_pieces(ev.buf)
  end })
  vim.cmd('edit ' .. vim.fn.fnameescape(path))
  local buf = vim.api.nvim_get_current_buf()
  t.ok(synced(buf, 10000), 'synced')
  stop()
  pcall(vim.api.nvim_del_autocmd, au)
  t.ok(#rec >= 8, 'pieces: ' .. #rec)
  local between = 0
  for i, r in ipairs(rec) do
    t.eq(i < #rec, r.partial, 'piece ' .. i .. ' partial')
    t.eq(i == #rec, r.synced, 'synced only after the last piece (' .. i .. ')')
    t.eq(i == #rec, r.folds_on, 'fold options only after the last piece (' .. i .. ')')
    if i > 1 and r.ticks > rec[i - 1].ticks then
      between = between + 1
    end
  end
  t.ok(between >= (#rec - 1) / 2, string.format('timer ran between %d of %d pieces', between, #rec - 1))
  t.eq('OFF', vim.bo[buf].syntax, 'decorated')
  t.eq('expr', vim.wo.foldmethod, 'fold options set')
  same_as_helper(buf, 'big file')
  restore()
end)

t.test('a big bulletin edited while its pieces arrive', function()
  local restore = expr_folds_at_any_size()
  local path = t.big_file(30000)
  local rec, stop
  local au = vim.api.nvim_create_autocmd('BufReadPost', { once = true, callback = function(ev)
    rec, stop = record_pieces(ev.buf)
  end })
  vim.cmd('edit ' .. vim.fn.fnameescape(path))
  local buf = vim.api.nvim_get_current_buf()
  t.ok(vim.wait(10000, function()
    return #rec > 0
  end, 1), 'the first piece came')
  t.ok(rec[1].partial, 'it was partial')
  vim.api.nvim_buf_set_lines(buf, 0, 0, false, { 'Two new lines', 'at the top' })
  vim.api.nvim_buf_set_lines(buf, 20000, 20001, false, {})
  local k = #rec
  same_as_helper(buf, 'edited between pieces')
  stop()
  pcall(vim.api.nvim_del_autocmd, au)
  t.ok(k < #rec, 'pieces came after the edits')
  t.eq('expr', vim.wo.foldmethod, 'fold options set')
  -- a refresh on the shown buffer comes in pieces too
  local n = #rec
  vim.rpcnotify(helper.chan, 'bulletin_refresh', buf)
  rec, stop = record_pieces(buf)
  t.ok(vim.wait(10000, function()
    return #rec > 0 and not rec[#rec].partial
  end, 1), 'the refresh arrived')
  stop()
  t.ok(#rec >= 8 and n > 0, 'refresh pieces: ' .. #rec)
  same_as_helper(buf, 'refreshed')
  restore()
end)

t.test('a bulletin of 5,000 lines gets manual folds, a smaller one expr folds', function()
  -- bulletin.manualfolds MANUAL_MIN: from 10,000 lines expr folds cost an
  -- edit that opens a section 14 ms and the open a 50-60 ms stall (manual:
  -- 2 ms, 18 ms); the threshold was 40,000
  local lines = vim.fn.readfile(t.big_file(5000))
  for _, n in ipairs({ 4999, 5000 }) do
    local path = vim.fn.tempname() .. '.bulletin'
    vim.fn.writefile(vim.list_slice(lines, 1, n), path)
    vim.cmd('edit ' .. vim.fn.fnameescape(path))
    local buf = vim.api.nvim_get_current_buf()
    t.eq(n, vim.api.nvim_buf_line_count(buf))
    t.ok(synced(buf, 10000), n .. ' lines: synced')
    t.ok(vim.wait(10000, function()
      return not require('bulletin.manualfolds').building(state.get(buf))
    end, 5), n .. ' lines: folds built')
    t.eq(n >= 5000 and 'manual' or 'expr', vim.wo.foldmethod, n .. ' lines')
    -- either way the folds are the helper's: level of each line (v % 4)
    local want = vim.rpcrequest(helper.chan, 'bulletin_folds', buf)
    local bad
    for l = 1, n, 7 do
      if vim.fn.foldlevel(l) ~= want[l] % 4 and not bad then
        bad = string.format('line %d: foldlevel %d, helper %d', l, vim.fn.foldlevel(l), want[l] % 4)
      end
    end
    t.eq(nil, bad, n .. ' lines: fold levels')
  end
end)

t.test('a big bulletin edited while the helper fetches its lines', function()
  local restore = expr_folds_at_any_size()
  -- the helper reads the text in slices (attach option fetch); edits in
  -- the meantime make it fetch again (or take the whole buffer at last)
  local path = t.big_file(30000)
  vim.cmd('edit ' .. vim.fn.fnameescape(path))
  local buf = vim.api.nvim_get_current_buf()
  local n = vim.api.nvim_buf_line_count(buf)
  for i = 1, 30 do
    vim.api.nvim_buf_set_lines(buf, 0, 0, false, { 'Edit ' .. i })
    vim.api.nvim_buf_set_lines(buf, 100 * i, 100 * i + 1, false, {})
    vim.wait(3)
  end
  same_as_helper(buf, 'edited while fetched')
  t.eq(n, vim.api.nvim_buf_line_count(buf), 'line count')
  t.eq('expr', vim.wo.foldmethod, 'fold options set')
  restore()
end)

t.test('a refused buffer alone goes syntax-only, with one message', function()
  messages = {}
  local other = t.open(t.tmpcopy(t.sample, 'other.bulletin'))
  local big = t.open(t.tmpcopy(t.sample))
  t.eq('OFF', vim.bo[big].syntax, 'decorated before')
  local msg = 'bulletin: buffer ' .. big .. ' has more than 1000000 lines (the helper\'s limit); syntax highlighting only for it'
  helper._on_push({ buf = big, refused = true, error = msg })
  helper._on_push({ buf = big, refused = true, error = msg })
  vim.wait(100)
  t.eq(1, count('has more than 1000000 lines'), 'one message: ' .. vim.inspect(messages))
  t.ok(buffer.refused(big), 'refused')
  t.eq('bulletin', vim.bo[big].syntax, 'regex syntax back')
  t.ok(vim.wo.foldexpr ~= require('bulletin.folds').EXPR, 'fold options restored')
  t.eq({}, hlmod.marks(big, 11), 'no spans drawn')
  -- edits to it are not decorated; the other buffer is served as before
  vim.api.nvim_buf_set_lines(big, 0, 0, false, { 'x' })
  t.eq({}, hlmod.marks(big, 12), 'still nothing drawn')
  vim.api.nvim_buf_set_lines(other, 15, 16, false, { 'Choi Ji-woo / Trade Minister', 'We will meet again soon.' })
  t.ok(synced(other), 'the other buffer in sync')
  t.eq('bulletinSpeaker', hlmod.marks(other, 15)[1][3], 'the other buffer decorated')
  -- :BulletinRestart attaches it again
  vim.cmd('BulletinRestart')
  t.ok(synced(big), 'attached again after :BulletinRestart')
  t.eq(false, buffer.refused(big))
  t.eq('OFF', vim.bo[big].syntax, 'decorated again')
  -- and :edit! of a refused buffer tries again
  helper._on_push({ buf = big, refused = true, error = msg })
  t.ok(buffer.refused(big), 'refused again')
  vim.cmd('silent edit!')
  t.ok(synced(big), 'attached again after :edit!')
  t.eq(false, buffer.refused(big))
  t.eq('OFF', vim.bo[big].syntax, 'decorated again after :edit!')
end)

t.test('the helper refuses a buffer over its line cap; it serves the others', function()
  messages = {}
  local small = t.open(t.tmpcopy(t.sample))
  vim.cmd('enew')
  local big = vim.api.nvim_get_current_buf()
  local lines = {}
  for i = 1, 1000100 do
    lines[i] = ''
  end
  vim.api.nvim_buf_set_lines(big, 0, -1, false, lines)
  vim.bo[big].filetype = 'bulletin'
  t.wait_for(20000, function()
    return buffer.refused(big)
  end, 'the refusal')
  t.eq('running', helper.status, 'the helper still runs')
  vim.api.nvim_buf_set_lines(big, 0, 1, false, { 'more' }) -- not sent: detached
  vim.api.nvim_buf_set_lines(small, 15, 16, false, { 'Choi Ji-woo / Trade Minister', 'We will meet again soon.' })
  t.ok(synced(small), 'the other buffer in sync')
  t.eq('bulletinSpeaker', hlmod.marks(small, 15)[1][3], 'the other buffer decorated')
  vim.wait(100)
  local named = 0 -- the wording is the helper's; it names the limit (1,000,000 lines)
  for _, m in ipairs(messages) do
    if m:find('1[,.\226\128\137 ]?000[,.\226\128\137 ]?000') and m:find('lines') then
      named = named + 1
    end
  end
  t.eq(1, named, 'one message naming the limit: ' .. vim.inspect(messages))
  t.eq('bulletin', vim.bo[big].syntax, 'regex syntax for the refused buffer')
  t.eq({}, hlmod.marks(big, 0), 'nothing drawn from spans')
  vim.cmd('bwipeout! ' .. big)
end)

t.test('an error in pushes is shown once per message per buffer', function()
  messages = {}
  local buf = t.open(t.tmpcopy(t.sample))
  local tick = vim.api.nvim_buf_get_changedtick(buf)
  for _ = 1, 3 do
    helper._on_push({ buf = buf, tick = tick, error = 'bulletin: .bulletinrc line 3: bad key' })
  end
  helper._on_push({ buf = buf, tick = tick, error = 'bulletin: .bulletinrc line 4: bad value' })
  vim.wait(100)
  t.eq(1, count('line 3: bad key'), 'first message once: ' .. vim.inspect(messages))
  t.eq(1, count('line 4: bad value'), 'second message once')
end)

t.test('a fatal helper error reaches the user once', function()
  messages = {}
  t.open(t.tmpcopy(t.sample))
  helper._on_error('malformed input from Neovim')
  helper._on_error('malformed input from Neovim')
  vim.wait(600)
  t.eq(1, count('malformed input from Neovim'), 'one notification: ' .. vim.inspect(messages))
end)

t.test('on_detach clears what the buffer owns', function()
  -- Neovim detaches the change callbacks when the buffer is unloaded: with
  -- the plugin's own BufUnload handler out of the way, on_detach alone
  -- must drop the cache, the helper's copy and the autocommands
  local buf = t.open(t.tmpcopy(t.sample))
  t.ok(synced(buf), 'synced')
  vim.diagnostic.set(lint_ns, buf, { { lnum = 1, col = 0, message = 'x' } })
  vim.api.nvim_clear_autocmds({ group = 'bulletin', buffer = buf, event = { 'BufUnload', 'BufDelete' } })
  vim.cmd('enew')
  vim.cmd('bunload ' .. buf)
  t.wait_for(2000, function()
    return state.get(buf) == nil
  end, 'the cache dropped')
  t.eq({}, vim.api.nvim_get_autocmds({ group = 'bulletin', buffer = buf }), 'no autocommands left')
  t.eq({}, vim.diagnostic.get(buf, { namespace = lint_ns }), 'no diagnostics left')
  local ok = pcall(vim.rpcrequest, helper.chan, 'bulletin_folds', buf)
  t.eq(false, ok, 'the helper forgot the buffer')
end)

t.finish()
