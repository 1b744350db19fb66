" Vim 9's client of `bulletin lsp` (autoload/bulletin/lsp.vim), for real:
" run by tests/lsp/test_lsp.py as
"   vim -N -u NONE -i NONE --not-a-term -S tests/lsp/vim_lsp.vim
" with $BULLETIN_ROOT (the plugin), $BULLETIN_BIN, $BULLETIN_DOC (a copy of
" the sample) and $BULLETIN_OUT (where the result goes: "vim_lsp: ok (N
" checks)" or one "FAIL ..." line per failure).
let s:fails = []
let s:checks = 0
function! s:check(cond, what) abort
  let s:checks += 1
  if !a:cond
    call add(s:fails, a:what)
  endif
endfunction
function! s:wait(expr, ms) abort
  let l:until = reltimefloat(reltime()) + a:ms / 1000.0
  while reltimefloat(reltime()) < l:until
    if eval(a:expr)
      return 1
    endif
    sleep 20m
  endwhile
  return 0
endfunction
function! s:finish() abort
  call writefile(empty(s:fails) ? ['vim_lsp: ok (' . s:checks . ' checks)']
        \ : map(copy(s:fails), '"FAIL " . v:val'), $BULLETIN_OUT)
  qall!
endfunction

try
  execute 'set rtp^=' . fnameescape($BULLETIN_ROOT)
  let g:bulletin_bin = $BULLETIN_BIN
  " -u NONE loads no plugin: this one by hand, as a vimrc would.
  runtime plugin/bulletin.vim
  filetype plugin on
  syntax on
  execute 'edit ' . fnameescape($BULLETIN_DOC)
  call s:check(&filetype ==# 'bulletin', 'filetype ' . &filetype)
  call s:check(bulletin#lsp#Wait(10000), 'the server answered')
  call s:check(bulletin#lsp#Running(), 'the server runs')

  " Folds from the folding ranges: the first story (lines 4-20) at 1, its
  " [REPORT] section (9-20) at 2, the soundbite of lines 12-14 at 3.
  call s:check(s:wait('foldlevel(13) == 3', 5000), 'fold levels: ' . string(map(range(1, 21), 'foldlevel(v:val)')))
  call s:check(foldlevel(4) == 1 && foldlevel(10) == 2 && foldlevel(21) == 0,
        \ 'fold levels 4/10/21: ' . foldlevel(4) . foldlevel(10) . foldlevel(21))
  call s:check(&l:foldmethod ==# 'expr', 'foldmethod ' . &l:foldmethod)

  " Highlights as text properties: [LEAD] on line 6, the speaker on line 12.
  call s:check(s:wait('!empty(prop_list(6))', 5000), 'text properties on line 6')
  let s:p6 = prop_list(6)
  call s:check(len(s:p6) == 1 && s:p6[0].type ==# 'bulletinTag' && s:p6[0].col == 1 && s:p6[0].length == 6,
        \ 'line 6: ' . string(s:p6))
  call s:check(index(map(prop_list(12), 'v:val.type'), 'bulletinSpeaker') >= 0, 'line 12: ' . string(prop_list(12)))

  " :BulletinOutline, :BulletinQuotes.
  BulletinOutline
  let s:ll = getloclist(0)
  lclose
  call s:check(len(s:ll) == len(bulletin#lsp#Symbols()) && len(s:ll) > 10, 'outline: ' . len(s:ll))
  call s:check(get(get(s:ll, 0, {}), 'text', '') ==# 'Lee and Xi Hold First Phone Call', 'outline first: ' . string(get(s:ll, 0, {})))
  call s:check(get(get(s:ll, 0, {}), 'lnum', 0) == 4, 'outline line')
  BulletinQuotes
  let s:qf = getqflist()
  cclose
  " The sample's seven soundbites, named "Speaker: first words…".
  call s:check(len(s:qf) == 7 && s:qf[0].text =~# '^Kang Yu-jung: Both leaders' && s:qf[0].lnum == 12,
        \ 'quotes: ' . string(map(copy(s:qf), 'v:val.text')))

  " ]] and ]" from the symbols (normal mode, counts).
  call cursor(1, 1)
  normal ]]
  call s:check(line('.') == 6, ']] from line 1: ' . line('.'))
  normal 2]]
  call s:check(line('.') == 24, '2]] from line 6: ' . line('.'))
  normal [[
  call s:check(line('.') == 9, '[[ from line 24: ' . line('.'))
  normal ]"
  call s:check(line('.') == 12, ']" from line 9: ' . line('.'))

  " Lint on save: a bad tag, written; the location list and a sign.
  call append(line('$'), ['', '[Reprot]'])
  let s:bad = line('$')
  silent write
  call s:check(s:wait('!empty(bulletin#lsp#Diagnostics())', 10000), 'diagnostics after :write')
  let s:codes = map(copy(bulletin#lsp#Diagnostics()), 'v:val.code')
  call s:check(index(s:codes, 'unknown-tag') >= 0, 'codes: ' . string(s:codes))
  let s:ll = getloclist(0)
  call s:check(!empty(filter(copy(s:ll), 'v:val.lnum == s:bad && v:val.text =~# "unknown-tag"')),
        \ 'loclist: ' . string(s:ll))
  let s:signs = sign_getplaced(bufnr(), {'group': 'bulletin', 'lnum': s:bad})[0].signs
  call s:check(len(s:signs) == 1 && s:signs[0].name ==# 'BulletinError', 'sign: ' . string(s:signs))
  " The edit reached the server: the outline has the new line's section.
  call s:check(s:wait('foldlevel(s:bad) == 2', 5000), 'fold after the edit: ' . foldlevel(s:bad))

  " Changes go to the server as line spans (one per listener batch). After
  " each round of random edits, what the server answers from its copy --
  " symbols, fold levels, text properties -- is compared with its answers
  " once the whole text is sent again (bulletin#lsp#Resync): a span that
  " missed or doubled a line shows as a difference. The edits: lines of
  " the bulletin forms put in, lines deleted, lines changed, lines joined
  " and split, lines added at the end, undo, and the buffer emptied (Vim
  " keeps one empty line, which the listener does not report).
  let s:sent0 = bulletin#lsp#Sent()
  let s:pool = ['[LEAD]', '[REPORT]', '', '--------', 'Kang Yu-jung / Spokesperson: "We agree."',
        \ '"Both leaders spoke', 'for an hour."', 'narration goes on here', '1. A New Story',
        \ 'Reporter Kim (KBS): the end.', '[Anchor Lead]', '< Interview >', '[Reprot]']
  " Every request gets its answer: none is lost on the way (the client
  " reads the framing itself).
  let s:unanswered = 0
  function! s:state() abort
    if !s:wait('bulletin#lsp#Pending() == 0', 5000)
      let s:unanswered += 1
    endif
    let l:syms = map(copy(bulletin#lsp#Symbols()), 'v:val.line . "-" . v:val.end . ":" . v:val.depth . ":" . v:val.name')
    let l:folds = map(range(1, line('$')), 'foldlevel(v:val)')
    let l:props = map(range(1, line('$')), 'join(map(prop_list(v:val), "v:val.type . v:val.col . \"+\" . v:val.length"))')
    return {'syms': l:syms, 'folds': l:folds, 'props': l:props, 'lines': line('$')}
  endfunction
  call srand(11)
  let s:rounds = 0
  let s:differ = []
  for s:round in range(40)
    for s:k in range(1 + rand() % 3)
      let s:n = line('$')
      let s:l = 1 + rand() % s:n
      let s:op = rand() % 9
      if s:op == 0
        call append(s:l - 1, s:pool[rand() % len(s:pool)])
      elseif s:op == 1
        call append(s:l, [s:pool[rand() % len(s:pool)], s:pool[rand() % len(s:pool)]])
      elseif s:op == 2 && s:n > 2
        call deletebufline('', s:l, min([s:n, s:l + rand() % 3]))
      elseif s:op == 3
        call setline(s:l, s:pool[rand() % len(s:pool)])
      elseif s:op == 4 && s:n > 1
        call cursor(s:l, 1)
        normal! J
      elseif s:op == 5
        call cursor(s:l, 1)
        execute "normal! A x\<CR>" . s:pool[rand() % len(s:pool)]
      elseif s:op == 6
        call append('$', s:pool[rand() % len(s:pool)])
      elseif s:op == 7
        silent! undo
      endif
    endfor
    if s:round == 25
      call deletebufline('', 1, '$')
      call append(0, s:pool[0 : 5])
      call append('$', '[REPORT]')
    endif
    if rand() % 2
      call listener_flush()
    endif
    redraw
    let s:inc = s:state()
    call bulletin#lsp#Resync(bufnr())
    let s:full = s:state()
    let s:rounds += 1
    if s:inc != s:full
      call add(s:differ, 'round ' . s:round . ': ' . string(s:inc) . ' /// ' . string(s:full))
      break
    endif
  endfor
  call s:check(empty(s:differ), 'changes as spans: ' . join(s:differ))
  call s:check(s:rounds == 40, 'rounds compared: ' . s:rounds)
  call s:check(len(s:full.syms) > 3, 'symbols to compare: ' . string(s:full.syms))
  call s:check(s:unanswered == 0, 'rounds with requests never answered: ' . s:unanswered)
  " Most changes went as spans, batches of several changes among them; the
  " whole text where Vim's line count disagreed with the span (the emptied
  " buffer; some undo steps).
  let s:sent = bulletin#lsp#Sent()
  call s:check(s:sent.spans - s:sent0.spans > 40 && s:sent.merged - s:sent0.merged > 3
        \ && s:sent.wholes - s:sent0.wholes >= 1
        \ && 4 * (s:sent.wholes - s:sent0.wholes) <= s:sent.spans - s:sent0.spans,
        \ 'sent: ' . string(s:sent) . ' from ' . string(s:sent0))

  " The server stopped and started again (by the next bulletin buffer):
  " every buffer is opened in the new one, and changes reach it.
  let s:first = bufnr()
  call bulletin#lsp#Stop()
  call s:check(s:wait('!bulletin#lsp#Running()', 5000), 'the server stopped')
  call writefile(readfile($BULLETIN_DOC), fnamemodify($BULLETIN_DOC, ':h') . '/other.bulletin')
  set hidden
  execute 'edit ' . fnameescape(fnamemodify($BULLETIN_DOC, ':h') . '/other.bulletin')
  call s:check(bulletin#lsp#Wait(10000) && bulletin#lsp#Running(), 'the server started again')
  execute 'buffer ' . s:first
  call append(0, ['[LEAD]', 'A lead after the restart.'])
  let s:inc = s:state()
  call bulletin#lsp#Resync(bufnr())
  let s:full = s:state()
  call s:check(s:inc == s:full && get(s:inc.syms, 1, '') =~# '^1-\d\+:1:\[LEAD\]',
        \ 'after the restart: ' . string(s:inc.syms[: 2]) . ' /// ' . string(s:full.syms[: 2]))
catch
  call add(s:fails, 'exception: ' . v:exception . ' at ' . v:throwpoint)
endtry
call s:finish()
