" Vim 9's client in a terminal, as a user scrolls: the highlights of lines
" out of sight. Run by tests/lsp/test_lsp.py in tmux as
"   vim -N -u NONE -i NONE -S tests/lsp/vim_scroll.vim
" with $BULLETIN_ROOT, $BULLETIN_BIN, $BULLETIN_DOC (the sample repeated to
" 800 lines), $BULLETIN_LINE (a line of plain narration past line 650) and
" $BULLETIN_OUT ("vim_scroll: ok (N checks)" or one "FAIL ..." line per
" failure).
"
" After a change the client asks for the highlights of the lines windows
" show (and 100 lines around them), not of every line: a line changed out
" of sight keeps its old properties until a window shows it, and then
" the client asks for them (SafeState, when Vim waits for a key).
"
" The script opens the document and makes the edit; it writes
" $BULLETIN_OUT.ready; the test types "{line}Gzz" (a real scroll, from the
" keyboard), then ":call VimScrollCheck()", which waits for the line's
" highlight and writes the result.
let s:fails = []
let s:checks = 0
function! s:check(cond, what) abort
  let s:checks += 1
  if !a:cond
    call add(s:fails, a:what)
  endif
endfunction
function! s:finish() abort
  call writefile(empty(s:fails) ? ['vim_scroll: ok (' . s:checks . ' checks)']
        \ : map(copy(s:fails), '"FAIL " . v:val'), $BULLETIN_OUT)
  qall!
endfunction
function! s:types(lnum) abort
  return map(prop_list(a:lnum), 'v:val.type')
endfunction
" Calls s:{name}() once cond is true (at most ms later), from timers, so
" that Vim's main loop runs between.
function! s:after(cond, ms, name) abort
  let s:until = reltimefloat(reltime()) + a:ms / 1000.0
  let s:cond = a:cond
  let s:next = a:name
  call timer_start(20, function('s:poll'))
endfunction
function! s:poll(t) abort
  if eval(s:cond) || reltimefloat(reltime()) > s:until
    try
      call call('s:' . s:next, [])
    catch
      call add(s:fails, 'exception: ' . v:exception . ' at ' . v:throwpoint)
      call s:finish()
    endtry
  else
    call timer_start(20, function('s:poll'))
  endif
endfunction

execute 'set rtp^=' . fnameescape($BULLETIN_ROOT)
let g:bulletin_bin = $BULLETIN_BIN
runtime plugin/bulletin.vim
filetype plugin on
syntax on
set lines=30 columns=100
execute 'edit ' . fnameescape($BULLETIN_DOC)

function! s:opened() abort
  call s:check(bulletin#lsp#Running(), 'the server runs')
  " On open every line is highlighted, line 800 too (the last [LEAD]).
  call s:check(index(s:types(s:last_tag), 'bulletinTag') >= 0, 'line ' . s:last_tag . ' on open: ' . string(s:types(s:last_tag)))
  call s:check(s:types(s:far) == [], 'line ' . s:far . ' (narration) on open: ' . string(s:types(s:far)))
  " The top is shown; line s:far becomes a tag out of sight, line 2 in sight.
  call cursor(1, 1)
  call setline(s:far, '[LEAD]')
  call setline(2, '[LEAD]')
  redraw
  call s:after('bulletin#lsp#Pending() == 0 && index(s:types(2), "bulletinTag") >= 0', 5000, 'edited')
endfunction

function! s:edited() abort
  call s:check(index(s:types(2), 'bulletinTag') >= 0, 'line 2, shown: ' . string(s:types(2)))
  call s:check(s:types(s:far) == [], 'line ' . s:far . ', out of sight, not asked for: ' . string(s:types(s:far)))
  if !empty(s:fails)
    call s:finish()
  endif
  call writefile(['ready'], $BULLETIN_OUT . '.ready')
endfunction

function! VimScrollCheck() abort
  call s:after('index(s:types(s:far), "bulletinTag") >= 0', 5000, 'scrolled')
endfunction

function! s:scrolled() abort
  call s:check(index(s:types(s:far), 'bulletinTag') >= 0, 'line ' . s:far . ', scrolled to: ' . string(s:types(s:far)))
  call s:check(line('w0') <= s:far && s:far <= line('w$'), 'window shows ' . line('w0') . '-' . line('w$'))
  call s:finish()
endfunction

function! s:start() abort
  let s:far = str2nr($BULLETIN_LINE)
  let s:last_tag = search('^\[LEAD\]', 'bnw')
  call s:after('bulletin#lsp#Running() && !empty(bulletin#lsp#Symbols()) && bulletin#lsp#Pending() == 0', 10000, 'opened')
endfunction
autocmd VimEnter * call timer_start(50, {-> s:start()})
" Whatever happens, the result is written within 60 seconds.
call timer_start(60000, {-> [add(s:fails, 'timed out'), s:finish()]})
