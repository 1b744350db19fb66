-- Neovim-side benchmark (reported, never asserted). Run by bench_nvim.sh:
--   BENCH_MODE=plugin|syntax|none BENCH_FILE=... BENCH_OUT=... nvim --headless -u ... -c 'luafile bench/bench_nvim.lua'
-- plugin: the helper decorates; syntax: helper missing (regex syntax only);
-- none: no filetype at all. BENCH_MANUAL_MIN (plugin): see below.
local mode = vim.env.BENCH_MODE or 'plugin'
local file = vim.env.BENCH_FILE
local out = vim.env.BENCH_OUT
local N_EDITS = tonumber(vim.env.BENCH_EDITS or '50')
local hr = vim.loop.hrtime

local lines_out = {}
local function report(k, v)
  lines_out[#lines_out + 1] = string.format('%s\t%s\t%s', mode, k, v)
end

local function ms(ns)
  return string.format('%.2f', ns / 1e6)
end

if mode == 'syntax' then
  require('bulletin').setup({ cmd = '/nonexistent' })
  vim.notify = function() end
elseif mode == 'none' then
  vim.cmd('filetype off')
  vim.cmd('syntax off')
end

-- Neovim's CPU time (ms, every thread: the main loop's work whatever the
-- machine's load, which the wall-clock times below include)
local function cpu_ms()
  local r = vim.loop.getrusage()
  return (r.utime.sec + r.stime.sec) * 1e3 + (r.utime.usec + r.stime.usec) / 1e3
end

local push_ns, pushes = 0, 0
local first_piece -- hrtime when the first push (or piece) was applied
if mode == 'plugin' then
  local helper = require('bulletin.helper')
  local orig = helper._on_push
  helper._on_push = function(p)
    local t0 = hr()
    local r = orig(p)
    local t1 = hr()
    push_ns = push_ns + (t1 - t0)
    pushes = pushes + 1
    first_piece = first_piece or t1
    return r
  end
end

-- The longest main-loop stall while it runs, as a UI sees it: a 1 ms libuv
-- timer queues a callback on the main loop (vim.schedule), which redraws
-- (what Neovim does for a UI whenever the loop is free: the first redraw
-- after 'foldmethod' is set computes every line's fold) and notes the
-- longest time between two such turns. A libuv callback alone runs while
-- Neovim polls inside a long computation (fold evaluation does), so it
-- would not see it. Returns a function that stops it and returns ns.
local function stall_probe()
  local timer = vim.loop.new_timer()
  local last, worst = hr(), 0
  local queued, stopped = false, false
  local function turn()
    queued = false
    if stopped then
      return
    end
    pcall(vim.cmd, 'redraw')
    local now = hr()
    worst = math.max(worst, now - last)
    last = now
  end
  timer:start(1, 1, function()
    if not queued then
      queued = true
      vim.schedule(turn)
    end
  end)
  return function()
    stopped = true
    timer:stop()
    timer:close()
    return math.max(worst, hr() - last)
  end
end

-- BENCH_MANUAL_MIN: the size from which folds are manual
-- (bulletin.manualfolds MANUAL_MIN), to compare expr and manual folds at
-- one size
if mode == 'plugin' and vim.env.BENCH_MANUAL_MIN then
  require('bulletin.manualfolds').MANUAL_MIN = tonumber(vim.env.BENCH_MANUAL_MIN)
end

-- :edit to ready
local cpu0 = cpu_ms()
local t0 = hr()
vim.cmd('edit ' .. vim.fn.fnameescape(file))
local buf = vim.api.nvim_get_current_buf()
local t_edit = hr() - t0
local n = vim.api.nvim_buf_line_count(buf)
local stop_probe = stall_probe()
if mode == 'plugin' then
  local ok = require('bulletin').wait(buf, 60000)
  report('helper results applied (ms)', ok and ms(hr() - t0) or 'timeout')
end
-- force fold evaluation of the whole buffer and syntax of the first screen
-- (Neovim polls libuv during it, so the stall probe sees short gaps; the
-- UI does not run: its whole time is reported apart)
local t_folds = hr()
vim.fn.foldlevel(n)
vim.fn.foldclosed(n)
t_folds = hr() - t_folds
if mode == 'syntax' then
  for l = 1, 50 do
    vim.fn.synID(l, 1, 1)
  end
end
local t_ready = hr() - t0
local cpu_ready = cpu_ms() - cpu0
-- every mode: the main loop runs 200 ms more (what is left to apply or draw);
-- the stall probe covers :edit returned .. ready (folds evaluated) + 200 ms
vim.wait(200, function()
  return false
end, 1)
report('longest main-loop stall after :edit returned (ms)', ms(stop_probe()))
report('lines', n)
report(':edit (ms)', ms(t_edit))
report(':edit to folds+highlights ready (ms)', ms(t_ready))
report('Neovim CPU time, :edit to ready (ms)', string.format('%.2f', cpu_ready))
if mode == 'plugin' then
  -- the top of the buffer (the first screen) decorated: highlights drawn,
  -- with manual folds (100,000 lines) its folds too; the rest follows
  report(':edit to the first piece applied (ms)', first_piece and ms(first_piece - t0) or '-')
end
report('of which evaluating every line\'s fold once (ms)', ms(t_folds))
if mode == 'plugin' then
  local ns = vim.api.nvim_create_namespace('bulletin')
  report('extmarks', #vim.api.nvim_buf_get_extmarks(buf, ns, 0, -1, {}))
  report('push Lua for the first push (ms)', ms(push_ns))
end

-- keystrokes: type a character inside narration in the middle of the file
local mid = math.floor(n / 2)
local function find_body(from)
  for l = from, n do
    local s = vim.api.nvim_buf_get_lines(buf, l - 1, l, false)[1]
    if #s > 40 and not s:find('^%[') and not s:find(' / ') then
      return l
    end
  end
  return from
end
local line = find_body(mid)
vim.api.nvim_win_set_cursor(0, { line, 10 })

local function run(name, keys)
  push_ns, pushes = 0, 0
  local lat, worst = 0, 0
  for _ = 1, N_EDITS do
    local s = hr()
    vim.api.nvim_feedkeys(vim.api.nvim_replace_termcodes(keys, true, false, true), 'ntx', false)
    if mode == 'plugin' then
      require('bulletin').wait(buf, 5000)
    end
    -- folds and highlights as the next redraw would see them
    vim.fn.foldlevel(vim.fn.line('.'))
    local d = hr() - s
    lat = lat + d
    if d > worst then
      worst = d
    end
  end
  report(name .. ': edit to decorations, mean (ms)', ms(lat / N_EDITS))
  report(name .. ': edit to decorations, worst (ms)', ms(worst))
  if mode == 'plugin' then
    report(name .. ': plugin Lua per keystroke in _on_push (ms)', ms(push_ns / N_EDITS))
    report(name .. ': pushes', pushes)
  end
end

run('type a character', 'ix<Esc>')
vim.api.nvim_win_set_cursor(0, { line, 0 })
run('split a line (Enter)', 'i<CR><Esc>')
vim.api.nvim_win_set_cursor(0, { line, 0 })
run('open a new [REPORT] section', 'O[REPORT]<Esc>')

vim.fn.writefile(lines_out, out, 'a')
vim.cmd('qa!')
