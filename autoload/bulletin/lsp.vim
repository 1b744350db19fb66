vim9script
# bulletin#lsp: Vim 9's side of the plugin, a client of `bulletin lsp` on
# Vim's native "lsp" channel mode (no third-party plugin). One server for
# every bulletin buffer. The server does the parsing; this file only shows
# what it sends:
#   - folds: 'foldexpr' answered from a list of absolute levels built from
#     textDocument/foldingRange;
#   - highlights: text properties of the §5 groups from semanticTokens/full;
#   - :BulletinOutline, :BulletinQuotes, ]] [[ ]" [" from documentSymbol;
#   - lint: on open and on save, to the location list, with signs.
# Text is sent whole on every change (textDocumentSync full is accepted by
# the server beside incremental); positions are UTF-8 bytes, which the
# client asks for.
#
# The server binary: g:bulletin_bin, else build/bulletin of this plugin,
# else `bulletin` on $PATH.

const root = expand('<sfile>:p:h:h:h')
const groups = ['bulletinTag', 'bulletinCue', 'bulletinUnknownTag', 'bulletinTitle',
  'bulletinMeta', 'bulletinChrome', 'bulletinSpeaker', 'bulletinRole', 'bulletinQuote']

var job: job = null_job
var ready = false
var waiting: list<number> = []   # buffers to open once initialized
# Per buffer: version, folds (levels), starts (fold start lines), symbols
# (flat, in order), diagnostics (the last published).
var bufs: dict<dict<any>> = {}

def Bin(): string
  if exists('g:bulletin_bin')
    return g:bulletin_bin
  endif
  const local = root .. '/build/bulletin'
  return executable(local) ? local : 'bulletin'
enddef

def Uri(buf: number): string
  return 'file://' .. fnamemodify(bufname(buf), ':p')
enddef

def Text(buf: number): string
  return join(getbufline(buf, 1, '$'), "\n") .. "\n"
enddef

def Send(msg: dict<any>, Cb: func = null_function)
  if job_status(job) != 'run'
    return
  endif
  if Cb == null_function
    ch_sendexpr(job, msg)
  else
    ch_sendexpr(job, msg, {callback: (_, resp) => Cb(resp)})
  endif
enddef

def OnMessage(ch: channel, msg: dict<any>)
  if get(msg, 'method', '') == 'textDocument/publishDiagnostics'
    OnDiagnostics(msg.params)
  elseif get(msg, 'method', '') == 'window/showMessage'
    echomsg 'bulletin: ' .. msg.params.message
  endif
enddef

def OnExit(j: job, status: number)
  job = null_job
  ready = false
enddef

# Starts the server (once) and opens buf in it.
export def Attach(buf: number)
  if !has_key(bufs, buf)
    bufs[buf] = {version: 1, levels: [], starts: {}, symbols: [], diags: []}
    for w in win_findbuf(buf)
      win_execute(w, 'setlocal foldmethod=expr foldexpr=bulletin#lsp#Foldexpr(v:lnum)')
    endfor
    listener_add((b, s, e, a, c) => Changed(b), buf)
    execute 'autocmd BufWritePost <buffer=' .. buf .. '> call bulletin#lsp#Saved(' .. buf .. ')'
    execute 'autocmd BufUnload <buffer=' .. buf .. '> call bulletin#lsp#Detach(' .. buf .. ')'
  endif
  if job_status(job) != 'run'
    Start()
  endif
  if ready
    Open(buf)
  elseif index(waiting, buf) < 0
    add(waiting, buf)
  endif
enddef

def Start()
  ready = false
  job = job_start([Bin(), 'lsp'], {in_mode: 'lsp', out_mode: 'lsp', err_mode: 'nl',
    out_cb: OnMessage, err_cb: (_, line) => 0, exit_cb: OnExit, noblock: true})
  if job_status(job) != 'run'
    echomsg 'bulletin: cannot start ' .. Bin() .. ' lsp'
    return
  endif
  Send({method: 'initialize', params: {processId: getpid(), rootUri: null,
    capabilities: {general: {positionEncodings: ['utf-8']},
      textDocument: {foldingRange: {lineFoldingOnly: true}}},
    initializationOptions: {bulletin: {lint: 'save'}}}}, Initialized)
enddef

def Initialized(resp: dict<any>)
  if !has_key(resp, 'result')
    echomsg 'bulletin: the server did not initialize'
    return
  endif
  Send({method: 'initialized', params: {}})
  ready = true
  for b in waiting
    Open(b)
  endfor
  waiting = []
enddef

def Open(buf: number)
  Send({method: 'textDocument/didOpen', params: {textDocument: {uri: Uri(buf),
    languageId: 'bulletin', version: bufs[buf].version, text: Text(buf)}}})
  Refresh(buf)
enddef

def Changed(buf: number)
  if !ready || !has_key(bufs, buf)
    return
  endif
  bufs[buf].version += 1
  Send({method: 'textDocument/didChange', params: {
    textDocument: {uri: Uri(buf), version: bufs[buf].version},
    contentChanges: [{text: Text(buf)}]}})
  Refresh(buf)
enddef

export def Saved(buf: number)
  # Changes not yet reported (listeners fire before a redraw) go first.
  listener_flush(buf)
  Send({method: 'textDocument/didSave', params: {textDocument: {uri: Uri(buf)}}})
enddef

export def Detach(buf: number)
  if has_key(bufs, buf)
    Send({method: 'textDocument/didClose', params: {textDocument: {uri: Uri(buf)}}})
    remove(bufs, buf)
  endif
enddef

# Asks for folds, highlights and symbols of buf's current version.
def Refresh(buf: number)
  const td = {textDocument: {uri: Uri(buf)}}
  const v = bufs[buf].version
  Send({method: 'textDocument/foldingRange', params: td}, (r) => OnFolds(buf, v, r))
  Send({method: 'textDocument/semanticTokens/full', params: td}, (r) => OnTokens(buf, v, r))
  Send({method: 'textDocument/documentSymbol', params: td}, (r) => OnSymbols(buf, v, r))
enddef

# Is r an answer for buf's current version (older ones are dropped)?
def Current(buf: number, v: number, r: dict<any>): bool
  return has_key(bufs, buf) && bufs[buf].version == v
    && index([v:t_list, v:t_dict], type(get(r, 'result', 0))) >= 0
enddef

# Absolute fold levels: every line inside k ranges is at level k; a range's
# first line starts a fold at its level.
def OnFolds(buf: number, v: number, r: dict<any>)
  if !Current(buf, v, r)
    return
  endif
  const n = getbufinfo(buf)[0].linecount
  var levels = repeat([0], n)
  var starts = {}
  for f in r.result
    for l in range(f.startLine, min([f.endLine, n - 1]))
      levels[l] += 1
    endfor
    if f.startLine < n
      starts[f.startLine] = 1
    endif
  endfor
  bufs[buf].levels = levels
  bufs[buf].starts = starts
  for w in win_findbuf(buf)
    win_execute(w, 'if &l:foldmethod ==# "expr" | setlocal foldexpr=bulletin#lsp#Foldexpr(v:lnum) | endif')
  endfor
enddef

export def Foldexpr(lnum: number): string
  const b = get(bufs, bufnr(), {})
  const levels = get(b, 'levels', [])
  if lnum > len(levels)
    return '0'
  endif
  const lv = levels[lnum - 1]
  return has_key(b.starts, lnum - 1) ? '>' .. lv : string(lv)
enddef

def OnTokens(buf: number, v: number, r: dict<any>)
  if !Current(buf, v, r)
    return
  endif
  for g in groups
    if empty(prop_type_get(g))
      prop_type_add(g, {highlight: g, priority: 10})
    endif
  endfor
  prop_remove({types: groups, bufnr: buf, all: true})
  const data = r.result.data
  var byg: dict<list<list<number>>> = {}
  var line = 0
  var col = 0
  var i = 0
  while i + 4 < len(data)
    line += data[i]
    col = data[i] == 0 ? col + data[i + 1] : data[i + 1]
    const g = groups[data[i + 3]]
    if !has_key(byg, g)
      byg[g] = []
    endif
    add(byg[g], [line + 1, col + 1, line + 1, col + 1 + data[i + 2]])
    i += 5
  endwhile
  for [g, spans] in items(byg)
    prop_add_list({type: g, bufnr: buf}, spans)
  endfor
enddef

def Flatten(syms: list<any>, depth: number, out: list<dict<any>>)
  for s in syms
    add(out, {name: s.name, kind: s.kind, depth: depth, line: s.range.start.line + 1,
      end: s.range.end.line + 1, detail: get(s, 'detail', '')})
    Flatten(get(s, 'children', []), depth + 1, out)
  endfor
enddef

def OnSymbols(buf: number, v: number, r: dict<any>)
  if !Current(buf, v, r)
    return
  endif
  var flat: list<dict<any>> = []
  Flatten(r.result, 0, flat)
  bufs[buf].symbols = flat
enddef

def OnDiagnostics(p: dict<any>)
  var buf = -1
  for [b, _] in items(bufs)
    if Uri(str2nr(b)) == p.uri
      buf = str2nr(b)
    endif
  endfor
  if buf < 0
    return
  endif
  bufs[buf].diags = p.diagnostics
  for [name, hl, text] in [['BulletinError', 'ErrorMsg', 'E'], ['BulletinWarning', 'WarningMsg', 'W'],
      ['BulletinInfo', 'Comment', 'I']]
    if empty(sign_getdefined(name))
      sign_define(name, {text: text, texthl: hl})
    endif
  endfor
  sign_unplace('bulletin', {buffer: buf})
  var items: list<dict<any>> = []
  for d in p.diagnostics
    const sev = get(d, 'severity', 1)
    const name = sev == 1 ? 'BulletinError' : sev == 2 ? 'BulletinWarning' : 'BulletinInfo'
    sign_place(0, 'bulletin', name, buf, {lnum: d.range.start.line + 1})
    add(items, {bufnr: buf, lnum: d.range.start.line + 1, col: d.range.start.character + 1,
      end_col: d.range.end.character + 1, text: d.message .. ' [' .. get(d, 'code', '') .. ']',
      type: sev == 1 ? 'E' : sev == 2 ? 'W' : 'I'})
  endfor
  for w in win_findbuf(buf)
    setloclist(w, [], 'r', {title: 'bulletin lint', items: items})
  endfor
enddef

# The symbols of the current buffer (flat: name, kind, depth, line, end).
export def Symbols(): list<dict<any>>
  return get(get(bufs, bufnr(), {}), 'symbols', [])
enddef

export def Diagnostics(): list<any>
  return get(get(bufs, bufnr(), {}), 'diags', [])
enddef

# Waits (at most ms) until the current buffer's answers are in.
export def Wait(ms: number): bool
  const buf = bufnr()
  const until = reltimefloat(reltime()) + ms / 1000.0
  while reltimefloat(reltime()) < until
    if ready && has_key(bufs, buf) && !empty(bufs[buf].symbols)
      return true
    endif
    sleep 20m
  endwhile
  return false
enddef

# :BulletinOutline — the outline in the location list, indented by depth.
export def Outline()
  const buf = bufnr()
  var items: list<dict<any>> = []
  for s in Symbols()
    add(items, {bufnr: buf, lnum: s.line, text: repeat('  ', s.depth) .. s.name})
  endfor
  setloclist(0, [], 'r', {title: 'bulletin outline', items: items})
enddef

# :BulletinQuotes — every soundbite in the quickfix list.
export def Quotes()
  const buf = bufnr()
  var items: list<dict<any>> = []
  for s in Symbols()
    if s.kind == 15
      add(items, {bufnr: buf, lnum: s.line, text: s.name .. (empty(s.detail) ? '' : ' (' .. s.detail .. ')')})
    endif
  endfor
  setqflist([], 'r', {title: 'bulletin quotes', items: items})
enddef

# ]] [[ ]" [": the next/previous section (kind 3) or soundbite (kind 15),
# count times; the jump list keeps the start. Returns the target or 0.
export def Jump(what: string, dir: number, count: number): number
  const kind = what == 'section' ? 3 : 15
  var lines = mapnew(filter(copy(Symbols()), (_, s) => s.kind == kind), (_, s) => s.line)
  var cur = line('.')
  var target = 0
  for _ in range(count)
    var next = 0
    if dir > 0
      for l in lines
        if l > cur
          next = l
          break
        endif
      endfor
    else
      for l in reverse(copy(lines))
        if l < cur
          next = l
          break
        endif
      endfor
    endif
    if next == 0
      break
    endif
    cur = next
    target = next
  endfor
  if target > 0
    normal! m'
    cursor(target, 1)
  endif
  return target
enddef

export def Running(): bool
  return job_status(job) == 'run' && ready
enddef

export def Stop()
  if job_status(job) == 'run'
    Send({method: 'shutdown'}, (_) => Send({method: 'exit'}))
  endif
enddef
