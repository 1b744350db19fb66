vim9script
# bulletin#lsp: Vim 9's side of the plugin, a client of `bulletin lsp` (no
# third-party plugin). One server for every bulletin buffer. The server does
# the parsing; this file only shows what it sends:
#   - folds: 'foldexpr' answered from a blob of absolute levels (one byte a
#     line, O(1) to index at any size) built from textDocument/foldingRange;
#   - highlights: text properties of the §5 groups, from semanticTokens/full
#     on open, then from semanticTokens/range for the lines windows show
#     (and a margin) after a change and when other lines come into sight;
#     lines out of sight keep their properties, which Vim moves with their
#     text, until they are shown;
#   - :BulletinOutline, :BulletinQuotes, ]] [[ ]" [" from documentSymbol,
#     asked for when a command needs them, not on open or on every change;
#   - lint: on open and on save, to the location list, with signs.
# Changes are sent as they are made: the listener's changes of one batch,
# merged into one span of whole lines (textDocumentSync incremental); the
# whole text when Vim's count of lines disagrees with the span (an emptied
# buffer keeps one empty line) and after the buffer is read again.
# Positions are UTF-8 bytes, which the client asks for.
#
# The channel is raw and this file reads the Content-Length framing itself:
# Vim 9.0's own "lsp" channel mode (9.0.1378, Debian 12) now and then drops
# an answer that arrives in several reads together with the next one
# ("Incomplete message ... Decoding failed - discarding input" in its
# channel log), and that request's callback never runs.
#
# The server binary: g:bulletin_bin, else build/bulletin of this plugin,
# else `bulletin` on $PATH.

const root = expand('<sfile>:p:h:h:h')
const groups = ['bulletinTag', 'bulletinCue', 'bulletinUnknownTag', 'bulletinTitle',
  'bulletinMeta', 'bulletinChrome', 'bulletinSpeaker', 'bulletinRole', 'bulletinQuote']

var job: job = null_job
var ready = false
var waiting: list<number> = []   # buffers to open once initialized
var pending = 0                   # requests sent and not answered yet
# Changes sent: as spans, as the whole text, and batches of more than one
# change merged (bulletin#lsp#Sent(), for the tests).
var sent = {spans: 0, wholes: 0, merged: 0}
# Per buffer: version; lines, the line count of the server's copy; open,
# whether didOpen went out; answered, whether a fold answer came; folds, a
# blob with one byte a line: the line's fold level, plus 0x80 where a fold
# starts; symbols (flat, in order) and stale, whether they are older than the text; diags (the last published);
# listener, the listener_add() id; moved, whether a change since the last
# fold answer added or removed lines (Vim then evaluated 'foldexpr' for
# the change before the listener ran, with lines at their old numbers).
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

# Requests: the last id sent, and the callbacks of those not answered yet.
var last_id = 0
var callbacks: dict<func> = {}
# What was read and not yet taken as messages: pieces, their total length in
# bytes; the length the first message needs with its header and that of its
# body (0: its header is not read yet). Pieces are joined when a whole
# message is there, not on every read.
var pieces: list<string> = []
var have = 0
var need = 0
var body_len = 0

# Sends a notification, or a request when Cb is given (Cb gets the answer);
# returns the request's id (0 for a notification or when nothing runs).
def Send(msg: dict<any>, Cb: func = null_function): number
  if job_status(job) != 'run'
    return 0
  endif
  var m = extend({jsonrpc: '2.0'}, msg)
  var id = 0
  if Cb != null_function
    last_id += 1
    id = last_id
    m.id = id
    callbacks[id] = Cb
    pending += 1
  endif
  const body = json_encode(m)
  ch_sendraw(job, 'Content-Length: ' .. strlen(body) .. "\r\n\r\n" .. body)
  return id
enddef

# out_cb of the raw channel: collects what is read and hands on each whole
# message.
def OnRead(ch: channel, data: string)
  add(pieces, data)
  have += strlen(data)
  while have > 0 && (need == 0 || have >= need)
    const text = len(pieces) == 1 ? pieces[0] : join(pieces, '')
    pieces = [text]
    if need == 0
      const end = stridx(text, "\r\n\r\n")
      if end < 0
        return
      endif
      const m = matchlist(strpart(text, 0, end), '\c\%(^\|\n\)Content-Length: *\(\d\+\)')
      if empty(m)
        # Not a header: skipped (the server writes nothing else to stdout).
        pieces = [strpart(text, end + 4)]
        have = strlen(pieces[0])
        continue
      endif
      body_len = str2nr(m[1])
      need = end + 4 + body_len
      if have < need
        return
      endif
    endif
    const body = strpart(text, need - body_len, body_len)
    const rest = strpart(text, need)
    pieces = empty(rest) ? [] : [rest]
    have = strlen(rest)
    need = 0
    var msg: any = null
    try
      msg = json_decode(body)
    catch
    endtry
    if type(msg) == v:t_dict
      Dispatch(msg)
    endif
  endwhile
enddef

# An answer goes to its request's callback; anything else to OnMessage().
def Dispatch(msg: dict<any>)
  if has_key(msg, 'method') || type(get(msg, 'id', v:null)) != v:t_number
    OnMessage(msg)
    return
  endif
  const Cb = get(callbacks, msg.id, null_function)
  if Cb == null_function
    return
  endif
  remove(callbacks, msg.id)
  pending -= 1
  Cb(msg)
enddef

# Sends a request and waits for its answer (at most ms); {} if none came.
def Request(msg: dict<any>, ms: number): dict<any>
  var answer: dict<any> = {}
  var got = false
  const id = Send(msg, (r) => {
    answer = r
    got = true
  })
  if id == 0
    return {}
  endif
  const until = reltimefloat(reltime()) + ms / 1000.0
  while !got && reltimefloat(reltime()) < until && job_status(job) == 'run'
    sleep 2m
  endwhile
  if !got && has_key(callbacks, id)
    remove(callbacks, id)
    pending -= 1
  endif
  return answer
enddef

# The number of requests not answered yet (the tests wait for 0).
export def Pending(): number
  return pending
enddef

export def Sent(): dict<number>
  return copy(sent)
enddef

def OnMessage(msg: dict<any>)
  if get(msg, 'method', '') == 'textDocument/publishDiagnostics'
    OnDiagnostics(msg.params)
  elseif get(msg, 'method', '') == 'window/showMessage'
    echomsg 'bulletin: ' .. msg.params.message
  endif
enddef

# The server is gone: nothing it was asked is answered. (A server started
# again, by the next bulletin buffer's Attach, opens every buffer anew.)
def OnExit(j: job, status: number)
  if j != job
    return  # a server stopped before this one started
  endif
  job = null_job
  ready = false
  ResetChannel()
enddef

# No request waits for an answer and nothing read is kept.
def ResetChannel()
  pending = 0
  callbacks = {}
  pieces = []
  have = 0
  need = 0
  body_len = 0
enddef

# Starts the server (once) and opens buf in it.
export def Attach(buf: number)
  if !has_key(bufs, buf)
    bufs[buf] = {version: 1, lines: 0, open: false, answered: false, folds: 0z, symbols: [],
      stale: true, diags: [], listener: 0, moved: false}
    for w in win_findbuf(buf)
      win_execute(w, 'setlocal foldmethod=expr foldexpr=bulletin#lsp#Foldexpr(v:lnum)')
    endfor
    bufs[buf].listener = listener_add((b, s, e, a, c) => Changed(b, c), buf)
    execute 'augroup bulletin_lsp_' .. buf
    autocmd!
    execute 'autocmd BufWritePost <buffer=' .. buf .. '> call bulletin#lsp#Saved(' .. buf .. ')'
    execute 'autocmd BufUnload <buffer=' .. buf .. '> call bulletin#lsp#Detach(' .. buf .. ')'
    execute 'autocmd FileChangedShellPost <buffer=' .. buf .. '> call bulletin#lsp#Resync(' .. buf .. ')'
    augroup END
    augroup bulletin_lsp_shown
      autocmd!
      autocmd SafeState,SafeStateAgain * bulletin#lsp#Scrolled()
    augroup END
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
  # A new server knows no buffer: all of them are opened once it is ready.
  for [k, b] in items(bufs)
    b.open = false
    if index(waiting, str2nr(k)) < 0
      add(waiting, str2nr(k))
    endif
  endfor
  ResetChannel()
  job = job_start([Bin(), 'lsp'], {in_mode: 'raw', out_mode: 'raw', err_mode: 'nl',
    out_cb: OnRead, err_cb: (_, line) => 0, exit_cb: OnExit, noblock: true})
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
    if has_key(bufs, b)
      Open(b)
    endif
  endfor
  waiting = []
enddef

def LineCount(buf: number): number
  return getbufinfo(buf)[0].linecount
enddef

def Open(buf: number)
  const b = bufs[buf]
  # Changes made before now are in the text sent: the listener must not
  # send them again.
  b.open = false
  listener_flush(buf)
  b.lines = LineCount(buf)
  Send({method: 'textDocument/didOpen', params: {textDocument: {uri: Uri(buf),
    languageId: 'bulletin', version: b.version, text: Text(buf)}}})
  b.open = true
  Refresh(buf)
enddef

# The listener: the changes of one batch, each in the line numbers of the
# text before it, merged into one span: lines [s, oe) of the server's copy
# are now lines [s, ne) of the buffer. Lines above s are the same in both;
# a line at or below the span's end moves by ne - oe.
def Changed(buf: number, changes: list<dict<number>>)
  if !ready || !has_key(bufs, buf) || !bufs[buf].open || empty(changes)
    return
  endif
  const b = bufs[buf]
  var s = changes[0].lnum
  var oe = changes[0].end
  var ne = oe + changes[0].added
  for c in changes[1 :]
    const top = max([ne, c.end])
    oe += top - ne
    s = min([s, c.lnum])
    ne = top + c.added
  endfor
  const n = LineCount(buf)
  b.version += 1
  var change: dict<any>
  if s < 1 || oe < s || ne < s || oe > b.lines + 1 || b.lines + ne - oe != n
    change = {text: Text(buf)}
    b.folds = 0z
    b.moved = true
    sent.wholes += 1
  else
    const lines = getbufline(buf, s, ne - 1)
    change = {range: {start: {line: s - 1, character: 0}, end: {line: oe - 1, character: 0}},
      text: empty(lines) ? '' : join(lines, "\n") .. "\n"}
    SpliceFolds(b, s, oe, ne)
    b.moved = b.moved || ne != oe
    sent.spans += 1
    sent.merged += len(changes) > 1 ? 1 : 0
  endif
  b.lines = n
  b.stale = true
  Send({method: 'textDocument/didChange', params: {
    textDocument: {uri: Uri(buf), version: b.version}, contentChanges: [change]}})
  Refresh(buf, false)
enddef

# Until the server's folds come, the lines of a change keep the levels of
# the lines they replace, and lines added take the level of the line above
# (not starting a fold): 'foldexpr' stays in step with the line numbers
# for what Vim evaluates before the answer.
def SpliceFolds(b: dict<any>, s: number, oe: number, ne: number)
  const f: blob = b.folds
  if len(f) != b.lines
    return
  endif
  var mid = 0z
  var prev = s >= 2 ? and(f[s - 2], 0x7f) : 0
  for i in range(ne - s)
    if s - 1 + i < oe - 1
      add(mid, f[s - 1 + i])
    else
      add(mid, prev)
    endif
    prev = and(mid[i], 0x7f)
  endfor
  b.folds = (s >= 2 ? f[: s - 2] : 0z) + mid + f[oe - 1 :]
enddef

# Sends buf's whole text again (after the buffer is read again, or to
# check that the changes sent add up to the text, as the tests do).
export def Resync(buf: number)
  if !ready || !has_key(bufs, buf) || !bufs[buf].open
    return
  endif
  const b = bufs[buf]
  b.open = false
  listener_flush(buf)
  b.open = true
  b.version += 1
  b.lines = LineCount(buf)
  b.stale = true
  b.moved = true
  Send({method: 'textDocument/didChange', params: {
    textDocument: {uri: Uri(buf), version: b.version}, contentChanges: [{text: Text(buf)}]}})
  Refresh(buf)
enddef

export def Saved(buf: number)
  # Changes not yet reported (listeners fire before a redraw) go first.
  listener_flush(buf)
  Send({method: 'textDocument/didSave', params: {textDocument: {uri: Uri(buf)}}})
enddef

export def Detach(buf: number)
  if has_key(bufs, buf)
    listener_remove(bufs[buf].listener)
    execute 'augroup bulletin_lsp_' .. buf
    autocmd!
    augroup END
    execute 'augroup! bulletin_lsp_' .. buf
    if bufs[buf].open
      Send({method: 'textDocument/didClose', params: {textDocument: {uri: Uri(buf)}}})
    endif
    remove(bufs, buf)
    filter(waiting, (_, b) => b != buf)
  endif
enddef

# Asks for folds and highlights of buf's current version: on open (whole
# is true) every line's highlights; after a change the highlights of the
# lines shown. Symbols() asks for the symbols when they are needed.
def Refresh(buf: number, whole: bool = true)
  const td = {textDocument: {uri: Uri(buf)}}
  const v = bufs[buf].version
  Send({method: 'textDocument/foldingRange', params: td}, (r) => OnFolds(buf, v, r))
  if whole
    const n = bufs[buf].lines
    Send({method: 'textDocument/semanticTokens/full', params: td}, (r) => OnTokens(buf, v, r, 1, n))
  else
    for w in win_findbuf(buf)
      Shown(w, true)
    endfor
  endif
enddef

# Lines this far above and below a window's are highlighted with them.
const margin = 100
# Per window: [buf, version, first, last], the lines whose highlights were
# last asked for.
var shown: dict<list<number>> = {}

# Asks for the highlights of the lines window w shows, unless they were
# asked for already at this version (always when force is true).
def Shown(w: number, force: bool)
  const buf = winbufnr(w)
  if !has_key(bufs, buf) || !bufs[buf].open
    return
  endif
  const b = bufs[buf]
  const top = line('w0', w)
  const bot = line('w$', w)
  const had = get(shown, w, [])
  if !force && !empty(had) && had[0] == buf && had[1] == b.version && had[2] <= top && bot <= had[3]
    return
  endif
  const first = max([1, top - margin])
  const last = min([b.lines, bot + margin])
  if last < first
    return
  endif
  shown[w] = [buf, b.version, first, last]
  const v = b.version
  Send({method: 'textDocument/semanticTokens/range', params: {textDocument: {uri: Uri(buf)},
    range: {start: {line: first - 1, character: 0}, end: {line: last - 1, character: 0}}}},
    (r) => OnTokens(buf, v, r, first, last))
enddef

# SafeState, SafeStateAgain (Vim is about to wait, after commands or after
# callbacks): the windows of this tab page whose lines are not highlighted
# at their buffer's version -- after a scroll by any means, a window or tab
# page entered, a hidden buffer shown. A few calls when nothing is to do.
export def Scrolled()
  for w in gettabinfo(tabpagenr())[0].windows
    Shown(w, false)
  endfor
enddef

# Is r an answer for buf's current version (older ones are dropped)?
def Current(buf: number, v: number, r: dict<any>): bool
  return has_key(bufs, buf) && bufs[buf].version == v
    && index([v:t_list, v:t_dict], type(get(r, 'result', 0))) >= 0
enddef

# Absolute fold levels: every line inside k ranges is at level k (counted
# from where ranges open and close, in one pass over the lines); a range's
# first line starts a fold at its level. Vim computes every line's fold
# again unless the levels are those 'foldexpr' answers now and no line
# moved since the last answer (typing within lines: no work for the folds).
def OnFolds(buf: number, v: number, r: dict<any>)
  if !Current(buf, v, r)
    return
  endif
  bufs[buf].answered = true
  const n = bufs[buf].lines
  var opens = repeat(0z00, n + 1)
  var closes = repeat(0z00, n + 1)
  var starts = repeat(0z00, n + 1)
  for f in r.result
    const first = f.startLine
    const last = f.endLine < n ? f.endLine : n - 1
    if first < 0 || first > last
      continue
    endif
    opens[first] = opens[first] < 127 ? opens[first] + 1 : 127
    closes[last + 1] = closes[last + 1] < 127 ? closes[last + 1] + 1 : 127
    starts[first] = 1
  endfor
  var folds = repeat(0z00, n)
  var lv = 0
  for l in range(n)
    lv += opens[l] - closes[l]
    folds[l] = (lv < 0 ? 0 : lv > 127 ? 127 : lv) + 128 * starts[l]
  endfor
  if folds == bufs[buf].folds && !bufs[buf].moved
    return
  endif
  bufs[buf].folds = folds
  bufs[buf].moved = false
  for w in win_findbuf(buf)
    win_execute(w, 'if &l:foldmethod ==# "expr" | setlocal foldexpr=bulletin#lsp#Foldexpr(v:lnum) | endif')
  endfor
enddef

export def Foldexpr(lnum: number): string
  const f: blob = get(get(bufs, bufnr(), {}), 'folds', 0z)
  if lnum < 1 || lnum > len(f)
    return '0'
  endif
  const lv = f[lnum - 1]
  return lv >= 128 ? '>' .. (lv - 128) : string(lv)
enddef

# Replaces the properties of lines first..last with the tokens of r (the
# server's answer for those lines, or for all of them).
def OnTokens(buf: number, v: number, r: dict<any>, first: number, last: number)
  if !Current(buf, v, r)
    return
  endif
  for g in groups
    if empty(prop_type_get(g))
      prop_type_add(g, {highlight: g, priority: 10})
    endif
  endfor
  prop_remove({types: groups, bufnr: buf, all: true}, first, last)
  const data = r.result.data
  var byg: dict<list<list<number>>> = {}
  var line = 0
  var col = 0
  var i = 0
  while i + 4 < len(data)
    line += data[i]
    col = data[i] == 0 ? col + data[i + 1] : data[i + 1]
    const l = line + 1
    if l >= first && l <= last
      const g = groups[data[i + 3]]
      if !has_key(byg, g)
        byg[g] = []
      endif
      add(byg[g], [l, col + 1, l, col + 1 + data[i + 2]])
    endif
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
  bufs[buf].stale = false
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
# After a change they are asked for here, once, and waited for (at most
# two seconds; the older ones if no answer comes).
export def Symbols(): list<dict<any>>
  const buf = bufnr()
  if !has_key(bufs, buf)
    return []
  endif
  const b = bufs[buf]
  # Changes the listener has not reported yet (it runs before a redraw)
  # are sent first: they make the symbols stale.
  listener_flush(buf)
  if b.stale && b.open && ready && job_status(job) == 'run'
    const v = b.version
    const r = Request({method: 'textDocument/documentSymbol',
      params: {textDocument: {uri: Uri(buf)}}}, 2000)
    if !empty(r)
      OnSymbols(buf, v, r)
    endif
  endif
  return b.symbols
enddef

export def Diagnostics(): list<any>
  return get(get(bufs, bufnr(), {}), 'diags', [])
enddef

# Waits (at most ms) until the server has answered for the current buffer
# (its folds) and every request is answered.
export def Wait(ms: number): bool
  const buf = bufnr()
  const until = reltimefloat(reltime()) + ms / 1000.0
  while reltimefloat(reltime()) < until
    if ready && has_key(bufs, buf) && bufs[buf].answered && pending == 0
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
