" Runs every Test_* function of tests/vim/test_*.vim, in Vim or Neovim,
" headless.  Each failure is printed ("FAIL name: message"), then a last
" line "N passed, N failed" (one count per test function).  Exits with
" :cquit when a test failed, :qall! otherwise.
"
"   vim  -Nu NONE -i NONE -n -es -S tests/vim/runner.vim
"   nvim --headless -u NONE -i NONE -n -S tests/vim/runner.vim
"
" Output goes to $BULLETIN_TEST_OUT when set (run.sh sets it), else to
" /dev/stdout.  $TEST_FILTER keeps only the tests whose name contains it.

if !has('nvim') && &encoding !=# 'utf-8'
  set encoding=utf-8
endif
set nocompatible

let g:test_dir = expand('<sfile>:p:h')
let g:test_root = fnamemodify(g:test_dir, ':h:h')
let g:test_fixtures = g:test_dir . '/fixtures'
let s:out = empty($BULLETIN_TEST_OUT) ? '/dev/stdout' : $BULLETIN_TEST_OUT

execute 'set runtimepath^=' . fnameescape(g:test_root)
" Detection and syntax only: the ftplugin (helper, maps) has its own suite.
filetype on
syntax on

function! s:Print(line) abort
  call writefile([a:line], s:out, 'a')
endfunction

for s:file in sort(glob(g:test_dir . '/test_*.vim', 0, 1))
  execute 'source ' . fnameescape(s:file)
endfor

let s:names = []
for s:line in split(execute('function /^Test_'), "\n")
  let s:name = matchstr(s:line, '^function \zsTest_\w\+\ze(')
  if !empty(s:name) && (empty($TEST_FILTER) || stridx(s:name, $TEST_FILTER) >= 0)
    call add(s:names, s:name)
  endif
endfor
call sort(s:names)

let s:passed = 0
let s:failed = 0
for s:name in s:names
  let v:errors = []
  try
    call call(s:name, [])
  catch
    call add(v:errors, 'exception ' . v:exception . ' at ' . v:throwpoint)
  endtry
  if empty(v:errors)
    let s:passed += 1
  else
    let s:failed += 1
    for s:err in v:errors
      call s:Print('FAIL ' . s:name . ': ' . s:err)
    endfor
  endif
  " Each test starts from one empty buffer.
  silent! %bwipeout!
endfor

call s:Print(printf('%d passed, %d failed', s:passed, s:failed))
if s:failed > 0 || empty(s:names)
  cquit
endif
qall!
