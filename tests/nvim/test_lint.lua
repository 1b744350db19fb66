-- Lint on save through vim.diagnostic; :BulletinLint, :BulletinQuotes.
local t = dofile(vim.env.BULLETIN_ROOT .. '/tests/nvim/lib.lua')

local ns = vim.api.nvim_create_namespace('bulletin.lint')

local function diags(buf)
  return vim.diagnostic.get(buf, { namespace = ns })
end

local function find(list, code)
  for _, d in ipairs(list) do
    if d.code == code then
      return d
    end
  end
end

t.test('diagnostics after :write of a file with [Reprot]', function()
  local buf = t.open(t.tmpcopy(t.fixtures .. '/unknown-tag.bulletin'))
  vim.cmd('silent write')
  t.wait_for(5000, function()
    return #diags(buf) > 0
  end, 'diagnostics')
  local d = find(diags(buf), 'unknown-tag')
  t.ok(d, 'unknown-tag in ' .. vim.inspect(diags(buf)))
  t.eq(5, d.lnum, 'line 6')
  t.eq(0, d.col)
  t.eq(vim.diagnostic.severity.ERROR, d.severity)
  t.eq('bulletin', d.source)
  t.match('REPORT', d.message, 'suggestion in the message')
end)

t.test(':BulletinLint fills the quickfix list', function()
  local buf = t.open(t.tmpcopy(t.fixtures .. '/unknown-tag.bulletin'))
  vim.cmd('BulletinLint')
  local qf = vim.fn.getqflist()
  local hit
  for _, e in ipairs(qf) do
    if e.text:find('unknown-tag', 1, true) then
      hit = e
    end
  end
  t.ok(hit, 'unknown-tag in ' .. vim.inspect(qf))
  t.eq(buf, hit.bufnr)
  t.eq(6, hit.lnum)
  t.eq('E', hit.type)
  t.ok(find(diags(buf), 'unknown-tag'), 'also set as diagnostics')
end)

t.test('the clean sample has no errors', function()
  local buf = t.open(t.tmpcopy(t.sample))
  vim.cmd('silent write')
  vim.cmd('BulletinLint')
  local bad = {}
  for _, d in ipairs(diags(buf)) do
    bad[#bad + 1] = d.code .. ' line ' .. (d.lnum + 1) .. ': ' .. d.message
  end
  t.eq({}, bad, 'lint of samples/news-today.bulletin')
end)

t.test("lint = 'change' lints without saving; 'off' never", function()
  require('bulletin').setup({ lint = 'change' })
  local buf = t.open(t.tmpcopy(t.sample))
  vim.api.nvim_buf_set_lines(buf, 45, 46, false, { '[Reprot]' })
  t.wait_for(5000, function()
    return find(diags(buf), 'unknown-tag') ~= nil
  end, 'unknown-tag without :write')
  t.reset()
  require('bulletin').setup({ lint = 'off' })
  buf = t.open(t.tmpcopy(t.fixtures .. '/unknown-tag.bulletin'))
  vim.cmd('silent write')
  vim.wait(300)
  t.eq({}, diags(buf), 'no diagnostics with lint off')
  require('bulletin').setup({ lint = 'save' })
end)

t.test(':BulletinQuotes lists every soundbite', function()
  local buf = t.open(t.tmpcopy(t.sample))
  vim.cmd('BulletinQuotes')
  t.eq(buf, vim.api.nvim_get_current_buf(), 'the cursor stays in the bulletin')
  local qf = vim.fn.getqflist()
  t.eq(7, #qf)
  t.eq(buf, qf[1].bufnr)
  t.eq(12, qf[1].lnum)
  t.eq('Kang Yu-jung (Presidential Spokesperson): Both leaders agreed to work together to produce results in…', qf[1].text)
  t.eq('Park Byung-kwang (Institution for National Security Strategy): Though brief, all key points were delivered.', qf[2].text)
  t.eq('Anonymous (Korea Meteorological Administration): The heat will last through the weekend.', qf[4].text)
  t.eq('Anonymous: It feels like the whole city is out tonight.', qf[7].text)
  vim.cmd('BulletinQuotes kim')
  qf = vim.fn.getqflist()
  t.eq(1, #qf)
  t.eq('Kim Min-ji (Office Worker): I stepped outside for five minutes and I was soaked.', qf[1].text)
end)

t.finish()
