-- What a user sees, through tmux: folded stories and the outline window.
local t = dofile(vim.env.BULLETIN_ROOT .. '/tests/nvim/lib.lua')

local base = 'bulletin-test-' .. vim.fn.getpid()
local sock = base

local function tmux(args)
  local cmd = { 'tmux', '-L', sock }
  vim.list_extend(cmd, args)
  local out = vim.fn.system(cmd)
  return out, vim.v.shell_error
end

local function screen()
  return (tmux({ 'capture-pane', '-p', '-t', 'bt' }))
end

-- Waits until the screen shows pat (a Lua pattern, or a function of the
-- screen's text returning true): a screen captured mid-redraw is not the
-- answer yet.
local function wait_screen(pat, what)
  local last
  local ok = vim.wait(10000, function()
    last = screen()
    if type(pat) == 'function' then
      return pat(last)
    end
    return last:find(pat) ~= nil
  end, 50)
  if not ok then
    error('screen never showed ' .. (what or pat) .. ':\n' .. tostring(last), 2)
  end
  return last
end

-- Runs fn while a terminal Neovim (this one's binary, the minimal init,
-- `-c ex` when given) edits file in tmux session 'bt' (width columns, 40
-- lines) on a server of its own (base .. server), then kills the server;
-- fn's error is raised after.
local function in_terminal(server, file, width, ex, fn)
  t.eq(1, vim.fn.executable('tmux'), 'tmux is installed')
  sock = base .. server
  local cmd = string.format('env BULLETIN_ROOT=%s %s -i NONE -n -u %s%s %s',
    vim.fn.shellescape(t.root), vim.fn.shellescape(vim.v.progpath),
    vim.fn.shellescape(t.root .. '/tests/nvim/minimal_init.vim'),
    ex and ' -c ' .. vim.fn.shellescape(ex) or '', vim.fn.shellescape(file))
  local _, err = tmux({ 'new-session', '-d', '-s', 'bt', '-x', tostring(width), '-y', '40', cmd })
  t.eq(0, err, 'tmux new-session')
  local ok, e = pcall(fn)
  tmux({ 'kill-server' })
  if not ok then
    error(e, 0)
  end
end

t.test('folded stories and the outline window on screen', function()
  in_terminal('', t.tmpcopy(t.sample), 150, nil, function()
    -- 'foldlevel' 0: every story folded, with its summary and its read time
    -- (issue 10; story 1: a lead of 27 words, 9.0 s, and a report of 28.8 s)
    local s = wait_screen('%- Lee and Xi Hold First Phone Call: President Lee Jae%-myung spoke with Chinese President Xi… %(0:38, 17 lines, 2 soundbites%)', 'story 1 folded')
    t.match('%- 2%. Heat Wave Grips the Capital: Seoul recorded its hottest June day on record… %(0:24, 18 lines, 3 soundbites%)', s)
    t.match('%- LANTERN FESTIVAL RETURNS TO GYEONGJU: After five years away, the lantern festival returned… %(0:21, 15 lines, 2 soundbites%)', s)
    t.match('date 2025%-06%-11 News Today', s, 'header not folded')
    tmux({ 'send-keys', '-t', 'bt', ':BulletinOutline', 'Enter' })
    s = wait_screen('Kang Yu%-jung: Both leaders', 'the outline')
    -- the story's time and running total are right-aligned over its row:
    -- in the 40-column outline they cover the title's end
    t.match('│?%s*Lee and Xi Hold First Phone C[^│]-0:38 Σ0:38', s)
    t.match('%[REPORT%]', s)
    t.match('Kim Min%-ji: I stepped outside', s)
    t.match('Anonymous: It feels like the wh[^│]-0:03', s)
    -- jump from the outline: the story opens at the soundbite
    tmux({ 'send-keys', '-t', 'bt', '/Lee Ha-na', 'Enter', 'Enter' })
    s = wait_screen('Lee Ha%-na / Festival Director', 'the jump target')
    t.match('We waited five years for this night', s)
  end)
end)

-- Issue 7, defect 1: folds updated at the latest when Insert mode is left
-- (no private API: 'foldmethod' is set again then).
t.test('folds follow an edit made in Insert mode', function()
  in_terminal('-insert', t.tmpcopy(t.sample), 150, 'set number', function()
    wait_screen('Lee and Xi Hold First Phone Call: President Lee', 'story 1 folded')
    tmux({ 'send-keys', '-t', 'bt', 'zR', '13G', 'o', 'Enter', '[REPORT]', 'Escape' })
    wait_screen('%s15 %[REPORT%]', 'the new tag on line 15')
    tmux({ 'send-keys', '-t', 'bt', ':set foldlevel=1', 'Enter' })
    -- line 16 is in the new [REPORT] fold, closed at foldlevel 1
    -- (the whole screen redrawn: line 16 gone, the first [REPORT] closed)
    local s = wait_screen(function(text)
      return text:find('%s15 %-%-+ %[REPORT%] They also agreed') ~= nil and not text:find('%s16 ')
        and text:find('%s9 %-%-+ %[REPORT%] On Tuesday') ~= nil
    end, 'a closed fold at line 15 hiding line 16, the first [REPORT] closed before it')
    t.ok(not s:find('%s16 '), 'line 16 hidden in the fold:\n' .. s)
    t.match('%s9 %-%-+ %[REPORT%] On Tuesday', s, 'the first [REPORT] ends before')
    tmux({ 'send-keys', '-t', 'bt', ':echo "fc16=" . foldclosed(16)', 'Enter' })
    wait_screen('fc16=15', 'foldclosed(16) == 15')
  end)
end)

-- Issue 7: highlights are drawn by a decoration provider from the span
-- cache; a push must redraw the lines it changed, with no keystroke after.
t.test('a push redraws the highlights it changed', function()
  local function line_with(text)
    local out = tmux({ 'capture-pane', '-e', '-p', '-t', 'bt' })
    for l in out:gmatch('[^\n]+') do
      if l:find(text, 1, true) then
        return l
      end
    end
  end
  in_terminal('-hl', t.tmpcopy(t.sample), 120, 'set foldlevel=9', function()
    wait_screen('Kang Yu%-jung / Presidential', 'the sample')
    local kang = line_with('Kang Yu-jung')
    t.ok(kang and kang:find('\27%[[%d;]*mKang Yu%-jung'), 'the speaker is highlighted: ' .. vim.inspect(kang))
    -- the change is drawn first; the helper's push comes after and must
    -- redraw (the new speaker changes spans only, no fold: nothing else
    -- redraws the line)
    -- (the helper is stopped for 500 ms so that the push cannot come first)
    tmux({ 'send-keys', '-t', 'bt', ":lua local p = require('bulletin.helper').job_pid; vim.loop.kill(p, 'sigstop');"
      .. " vim.api.nvim_buf_set_lines(0, 11, 12, false, {'Choi Ji-woo / Presidential Spokesperson'});"
      .. " vim.defer_fn(function() vim.loop.kill(p, 'sigcont') end, 500)", 'Enter' })
    local got
    vim.wait(5000, function()
      got = line_with('Choi Ji-woo')
      return got ~= nil and got:find('\27%[[%d;]*mChoi Ji%-woo') ~= nil
    end, 50)
    t.ok(got and got:find('\27%[[%d;]*mChoi Ji%-woo'), 'the new speaker is highlighted: ' .. vim.inspect(got))
  end)
end)

-- Issue 7, protocol 4: a big bulletin's outline items arrive undecoded and
-- fold text decodes as far as the lines it shows. On screen: the first
-- stories' fold texts name them with their read times, and so do the last
-- ones after G (items of the last pieces, their times written when they
-- were decoded).
t.test('a big bulletin: fold texts with titles and times, top and bottom', function()
  local file = t.big_file(30000)
  local last
  for _, l in ipairs(vim.fn.readfile(file)) do
    last = l:match('^(%d+)%. Story Number') or last
  end
  in_terminal('-big', file, 150, nil, function()
    local s = wait_screen('%- 2%. Story Number 2 Of The Day: [^\n]*%(%d:%d%d, %d+ lines', 'story 2 folded, with its time')
    t.match('%- 1%. Story Number 1 Of The Day: [^\n]*%(%d:%d%d, %d+ lines, %d soundbites%)', s)
    tmux({ 'send-keys', '-t', 'bt', 'G', '' })
    s = wait_screen('%- ' .. last .. '%. Story Number ' .. last .. ' Of The Day[^\n]*%(%d:%d%d, %d+ lines',
      'the last story folded, with its time')
    t.match('%- ' .. (last - 1) .. '%. Story Number ' .. (last - 1) .. ' Of The Day: [^\n]*%(%d:%d%d, %d+ lines, %d soundbites%)', s)
  end)
end)

t.finish()
