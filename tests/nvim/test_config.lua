-- setup(): every option checked, one clear message per setup() call naming
-- each wrong key; a written .bulletinrc applies to open buffers (issue 7,
-- defect 13).
local t = dofile(vim.env.BULLETIN_ROOT .. '/tests/nvim/lib.lua')
local config = require('bulletin.config')

local notes = {}
local orig_notify = vim.notify
vim.notify = function(msg, level, opts)
  notes[#notes + 1] = { msg = msg, level = level }
  return orig_notify(msg, level, opts)
end

local function setup(opts)
  notes = {}
  local ok, err = pcall(require('bulletin').setup, opts)
  t.ok(ok, 'setup() raised no error: ' .. tostring(err))
  return notes
end

t.test('a wrong type gets one message naming the key and the type', function()
  local n = setup({ foldlevel = 'x' })
  t.eq(1, #n, 'one message: ' .. vim.inspect(n))
  t.eq(vim.log.levels.ERROR, n[1].level)
  t.match('foldlevel', n[1].msg)
  t.match('number', n[1].msg)
  t.match('"x"', n[1].msg)
  t.eq(nil, config.options.foldlevel, 'the wrong value is not used')
  -- and a bulletin opens without a traceback
  vim.v.errmsg = ''
  notes = {}
  local buf = t.open(t.tmpcopy(t.sample))
  t.eq('', vim.v.errmsg, 'no error opening a bulletin')
  t.eq({}, notes, 'no message opening a bulletin')
  t.eq('expr', vim.wo.foldmethod)
  t.ok(#require('bulletin').outline(buf) > 0, 'outline')
  setup({})
end)

t.test('unknown keys are named, also nested ones', function()
  local n = setup({ foldlvl = 1, outline = { width = 30, pos = 'left' } })
  t.eq(1, #n, 'one message for both: ' .. vim.inspect(n))
  t.match('unknown option foldlvl', n[1].msg)
  t.match('unknown option outline%.pos', n[1].msg)
  t.eq(30, config.options.outline.width, 'the right nested option applies')
  t.eq('right', config.options.outline.position, 'the default stays')
  setup({})
end)

t.test('every option is checked', function()
  local bad = {
    { { cmd = 1 }, 'cmd', 'path' },
    { { cmd = { 'a', 2 } }, 'cmd', 'list of strings' },
    { { lint = 'sometimes' }, 'lint', "'off', 'save' or 'change'" },
    { { vocab = 'lead' }, 'vocab', 'table' },
    { { vocab = { lead = '[Intro]' } }, 'vocab', 'lists of strings' },
    { { folds = 1 }, 'folds', 'boolean' },
    { { foldlevel = -1 }, 'foldlevel', '>= 0' },
    { { foldlevel = 1.5 }, 'foldlevel', 'whole number' },
    { { outline = 5 }, 'outline', 'table' },
    { { outline = { width = 'wide' } }, 'outline.width', 'whole number' },
    { { outline = { width = 0 } }, 'outline.width', '>= 1' },
    { { outline = { position = 'top' } }, 'outline.position', "'left' or 'right'" },
    { { outline = { follow = 'yes' } }, 'outline.follow', 'boolean' },
    { { open_qf = 'yes' }, 'open_qf', 'boolean' },
    { { max_restarts = 'many' }, 'max_restarts', 'whole number' },
  }
  for _, case in ipairs(bad) do
    local n = setup(case[1])
    local what = vim.inspect(case[1])
    t.eq(1, #n, what .. ': one message')
    t.ok(n[1].msg:find(case[2] .. ' must be', 1, true), what .. ': names ' .. case[2] .. ': ' .. n[1].msg)
    t.ok(n[1].msg:find(case[3], 1, true), what .. ': says what it expects: ' .. n[1].msg)
    t.eq(config.defaults, config.options, what .. ': defaults kept')
  end
  t.eq(1, #setup('x'), 'setup() with a string')
end)

t.test('right options apply, wrong ones beside them are left out', function()
  local n = setup({ foldlevel = 2, folds = 'yes', lint = 'change', outline = { position = 'left', width = -3 } })
  t.eq(1, #n)
  t.match('folds must be', n[1].msg)
  t.match('outline%.width must be', n[1].msg)
  t.eq(2, config.options.foldlevel)
  t.eq(true, config.options.folds)
  t.eq('change', config.options.lint)
  t.eq('left', config.options.outline.position)
  t.eq(40, config.options.outline.width)
  t.eq({}, setup({ foldlevel = 1, vocab = { lead = { '[Intro]' } }, cmd = { t.bin, 'rpc' } }), 'valid: no message')
  t.eq({}, setup({}), 'empty: no message')
  t.eq({}, setup(nil), 'nil: no message')
end)

t.test('writing .bulletinrc re-derives open buffers', function()
  local dir = vim.fn.tempname()
  vim.fn.mkdir(dir, 'p')
  local src = dir .. '/custom.txt'
  vim.fn.writefile(vim.fn.readfile(t.root .. '/tests/cli/fixtures/rc/custom.txt'), src)
  local buf = t.open(src)
  local function tags()
    local r = {}
    for _, it in ipairs(require('bulletin').outline(buf)) do
      if it.kind == 'section' then
        r[#r + 1] = it.tag
      end
    end
    return r
  end
  t.eq({}, tags(), 'without a .bulletinrc [Intro] is no section')
  vim.cmd('split ' .. vim.fn.fnameescape(dir .. '/.bulletinrc'))
  vim.api.nvim_buf_set_lines(0, 0, -1, false, { 'lead = [Intro]', 'report = [Reporter]' })
  vim.cmd('write')
  t.wait_for(5000, function()
    return #tags() == 2
  end, 'the outline after writing .bulletinrc (have ' .. vim.inspect(tags()) .. ')')
  t.eq({ '[Intro]', '[Reporter]' }, tags())
  t.ok(require('bulletin').wait(buf, 5000), 'in sync')
end)

t.finish()
