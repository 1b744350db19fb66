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
catch
  call add(s:fails, 'exception: ' . v:exception . ' at ' . v:throwpoint)
endtry
call s:finish()
