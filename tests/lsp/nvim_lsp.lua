-- Neovim's own LSP client (vim.lsp.start, 0.10+) on `bulletin lsp`: what a
-- user of Neovim without the plugin sees. Run by tests/lsp/test_lsp.py:
--
--   BULLETIN_BIN=build/bulletin BULLETIN_DOC=/tmp/x/news.bulletin \
--     nvim --headless --clean -n -l tests/lsp/nvim_lsp.lua
--
-- Prints "nvim_lsp: ok (N checks)" and exits 0, or prints each failure and
-- exits 1. Only public APIs that 0.10 and 0.12 share.
local bin = assert(os.getenv('BULLETIN_BIN'), 'BULLETIN_BIN')
local doc = assert(os.getenv('BULLETIN_DOC'), 'BULLETIN_DOC')
local api = vim.api

local checks, fails = 0, {}
local function check(cond, what)
  checks = checks + 1
  if not cond then
    table.insert(fails, what)
  end
  return cond
end

local function finish()
  for _, f in ipairs(fails) do
    print('FAIL ' .. f)
  end
  if #fails == 0 then
    print(('nvim_lsp: ok (%d checks)'):format(checks))
  end
  io.stdout:flush()
  os.exit(#fails == 0 and 0 or 1)
end

vim.cmd('edit ' .. vim.fn.fnameescape(doc))
local buf = api.nvim_get_current_buf()
local exit_code
local id = vim.lsp.start({
  name = 'bulletin',
  cmd = { bin, 'lsp' },
  root_dir = vim.fn.fnamemodify(doc, ':h'),
  on_exit = function(code)
    exit_code = code
  end,
}, { bufnr = buf })
if not check(id ~= nil, 'vim.lsp.start gave a client id') then
  finish()
end
local client = vim.lsp.get_client_by_id(id)
check(
  vim.wait(10000, function()
    local caps = client.server_capabilities or {}
    return caps.documentSymbolProvider ~= nil and vim.lsp.buf_is_attached(buf, id)
  end),
  'the client initialized and attached'
)
-- 0.11+ offers utf-8 (and gets it); 0.10 offers only utf-16 (the columns
-- below then pass through UTF-16 both ways).
local want_enc = vim.fn.has('nvim-0.11') == 1 and 'utf-8' or 'utf-16'
check(client.offset_encoding == want_enc, want_enc .. ' negotiated, got ' .. tostring(client.offset_encoding))

local function request(method, params)
  params = params or {}
  params.textDocument = { uri = vim.uri_from_bufnr(buf) }
  local res = vim.lsp.buf_request_sync(buf, method, params, 10000) or {}
  local r = res[id] or {}
  check(r.err == nil, method .. ': ' .. vim.inspect(r.err))
  return r.result
end

-- Symbols: three stories, sections inside, soundbites named "Speaker: words".
local syms = request('textDocument/documentSymbol') or {}
check(#syms == 3, 'three stories, got ' .. #syms)
local s1 = syms[1] or {}
check(s1.name == 'Lee and Xi Hold First Phone Call', 'story name ' .. tostring(s1.name))
local report = (s1.children or {})[2] or {}
check(report.name == '[REPORT]', 'section name ' .. tostring(report.name))
local sb = (report.children or {})[1] or {}
check(type(sb.name) == 'string' and sb.name:find('^Kang Yu%-jung: ') ~= nil, 'soundbite ' .. tostring(sb.name))

-- Folding ranges: one per start line, the first story's from line 3 (0-based).
local folds = request('textDocument/foldingRange') or {}
check(#folds > 5 and folds[1].startLine == 3 and folds[1].endLine == 19, 'first fold ' .. vim.inspect(folds[1]))

-- Semantic tokens arrive by themselves (Neovim asks on attach): [LEAD] on
-- line 5 is a bulletinTag.
local function token_at(row, col)
  for _, t in ipairs(vim.lsp.semantic_tokens.get_at_pos(buf, row, col) or {}) do
    if t.client_id == id then
      return t.type
    end
  end
end
check(
  vim.wait(10000, function()
    return token_at(5, 1) == 'bulletinTag'
  end),
  'semantic token at [LEAD]: ' .. tostring(token_at(5, 1))
)

-- An incremental edit: a bad tag and a Hangul line with an astral character
-- appended; the diagnostics come with the lint code and source.
local n = api.nvim_buf_line_count(buf)
local hangul = '[LEAD] 한국어 😀 text'
api.nvim_buf_set_lines(buf, n, n, false, { '', '[Reprot]', hangul })
local function diag(code)
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if d.code == code then
      return d
    end
  end
end
check(
  vim.wait(10000, function()
    return diag('unknown-tag') ~= nil and diag('tag-not-alone') ~= nil
  end),
  'diagnostics after the edit: ' .. vim.inspect(vim.diagnostic.get(buf))
)
local d = diag('unknown-tag') or {}
check(d.lnum == n + 1 and d.col == 0 and d.end_col == 8, 'unknown-tag range ' .. vim.inspect(d))
check(d.source == 'bulletin', 'source ' .. tostring(d.source))
local t = diag('tag-not-alone') or {}
check(t.lnum == n + 2 and t.col == 6 and t.end_col == #hangul, 'tag-not-alone columns ' .. vim.inspect(t))

-- The quick fix: a plain WorkspaceEdit that Neovim applies.
local actions = request('textDocument/codeAction', {
  range = { start = { line = n + 1, character = 0 }, ['end'] = { line = n + 1, character = 8 } },
  context = { diagnostics = {} },
}) or {}
check(#actions == 1 and actions[1].edit ~= nil and actions[1].command == nil, 'one quick fix ' .. vim.inspect(actions))
if actions[1] and actions[1].edit then
  vim.lsp.util.apply_workspace_edit(actions[1].edit, client.offset_encoding)
end
check(api.nvim_buf_get_lines(buf, n + 1, n + 2, false)[1] == '[REPORT]', 'the fix applied')
check(
  vim.wait(10000, function()
    return diag('unknown-tag') == nil
  end),
  'unknown-tag gone after the fix'
)
-- The symbols follow the edits: the new sections are in the third story.
local syms2 = request('textDocument/documentSymbol') or {}
local last = syms2[#syms2] or {}
local kids = last.children or {}
check(#kids >= 2 and kids[#kids].name == '[LEAD]',
  'the new [LEAD] section ' .. vim.inspect(kids[#kids] and kids[#kids].name))

vim.lsp.stop_client(id)
check(
  vim.wait(10000, function()
    return exit_code ~= nil
  end),
  'the server exited'
)
check(exit_code == 0, 'exit status after shutdown/exit: ' .. tostring(exit_code))
finish()
