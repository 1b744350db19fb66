" Vim syntax file
" Language:     bulletin (broadcast news bulletin transcripts)
" Maintainer:   bulletin.nvim contributors
" Filenames:    *.bulletin; *.txt that look like a bulletin (ftdetect/bulletin.vim)
"
" Regular-expression highlighting of the groups of the format's §5:
" bulletinTag, bulletinCue, bulletinUnknownTag, bulletinTitle, bulletinMeta,
" bulletinChrome, bulletinSpeaker, bulletinRole, bulletinQuote.  In Neovim the
" helper's highlighting (extmarks from the C parser, lua/bulletin/highlight.lua)
" uses the same group names and the same default links and switches this file
" off while it runs, so one colour scheme serves both.  This file approximates
" what the helper computes: a regex sees one line (and, for a few look-aheads,
" the lines after it), never the whole document.
"
" How it is built.  Every top-level item is anchored at the start of a line.
" The parts of a line (speaker, role, quote) are chained with nextgroup=
" through transparent helper items named bulletin<Construct><Part>: each
" helper covers exactly one part and contains the generic leaf item of its
" group (defined at the end).  Helper names are unique, so a chain never picks
" up another construct's part; being transparent, helpers show as what
" contains them (nothing at the top level): delimiters such as "/", "(" and
" outer quote marks stay unhighlighted.
"
" Speed.  Every pattern uses the NFA engine (\%#=2): on a long line the
" automatic choice falls back to the backtracking engine, which is slow there
" and cannot compile the Hangul ranges (E945, E339).  No look-behinds, one
" look-ahead (on the line after a slash attribution only): the NFA engine
" pays for each on every attempt.  Patterns that need not see a whole line
" stop at a byte column (\%<Nc): a 10 MB line costs a few linear scans.
"
" This file sets no options.

if exists('b:current_syntax')
  finish
endif

let s:save_cpo = &cpo
set cpo&vim

syn case match

" s:Match(group, pattern [, attributes]): ":syntax match" with the NFA
" engine; a leading "^\s*" accepts at most 80 columns of indentation.
function! s:Match(group, pattern, ...) abort
  let l:pat = substitute(a:pattern, '^\^\\s\*', '^\\%(\\%<81c\\s\\)*', '')
  execute 'syntax match ' . a:group . ' /\%#=2' . l:pat . '/ ' . get(a:000, 0, '')
endfunction

" s:B(n, class): class (one character), only before byte column n; a group,
" so that a multi (*, \+) after it repeats the column check too.
function! s:B(n, class) abort
  return '\%(\%<' . a:n . 'c' . a:class . '\)'
endfunction

" Pattern pieces ----------------------------------------------------------
" Hangul (Jamo, compatibility Jamo, syllables), for use inside [].
let s:hg = '\u1100-\u11ff\u3131-\u318e\uac00-\ud7a3'
" Quote marks, for use inside [].
let s:oq = '"\u201c'
let s:cq = '"\u201d'
let s:qm = '"\u201c\u201d'
" A name: words starting with an upper-case letter, a digit or a circle
" (hyphens, apostrophes, periods belong to them), "A & B" allowed; each word
" starts before byte column 200.
let s:nw = '[[:upper:][:digit:]\u25cb][^[:space:]/:()[\]' . s:qm . ']*'
let s:name = s:nw . '\%(\%<200c\s\+\%(&\s\+\)\=' . s:nw . '\)*'
" A role after "(": at least one character; parentheses nest one level; it
" runs to ")" or ":" and ends before byte column 400.
let s:role = '\%(' . s:B(400, '[^():]') . '\|(' . s:B(400, '[^()]') . '*)\)\+'
" Section tags, and what opens a lead.
let s:sect = '\[\%(LEAD\|REPORT\|Anchor Lead\|Anchor\|Pkg\|Report\)\]'
let s:lead = '\%(\[\%(LEAD\|Anchor Lead\|Anchor\)\]\|Anchor:\)'
" s:Words(n): words, the first not starting with "[" or Hangul, the last
" not ending in a period, ending before byte column n (a title).  The format
" counts words (8, 12, 15); a byte column stands in for the count because
" x\{0,14} copies x fifteen times and made every attempt ten times slower.
function! s:Words(n) abort
  return '[^[[:space:]' . s:hg . ']\%(\%<' . a:n . 'c\S*\s\+\)*\S*[^.[:space:]]\%<' . (a:n + 1) . 'c'
endfunction

" Items run from the lowest priority to the highest: of two items that match
" at the same column, the one defined last wins.

" Titles ------------------------------------------------------------------
" Numbered: "2. Title Words" (short, no final period).
call s:Match('bulletinTitle', '^\s*\zs\d\+\.\s\+' . s:Words(120) . '\ze\s*$')
" ALL CAPS: two or more words, no lower-case letter, some upper-case one,
" at most 100 bytes, optionally in quotes; not a bracketed tag.  Written
" without look-arounds (each costs the NFA engine dearly on every line): the
" first upper-case letter is in the first word (A) or a later one (B).
" Not a letter, a blank, Hangul or a quote mark (for use inside [^]).
let s:nl = '[:alpha:][:space:]' . s:hg . s:qm
let s:cw = s:B(102, '[^[:lower:][:space:]' . s:hg . s:qm . ']')
let s:cwe = s:B(102, '[^.[:lower:][:space:]' . s:hg . s:qm . ']')
let s:sp = s:B(102, '\s') . '\+'
" More words after a space: the last one does not end in a period.
let s:more = s:sp . '\%(' . s:cw . '\+' . s:sp . '\)*' . s:cw . '*' . s:cwe
let s:capsA = '\%(' . s:B(102, '[^[' . s:nl . ']') . s:B(102, '[^' . s:nl . ']') . '*\)\=[[:upper:]]'
      \ . s:cw . '*' . s:more
let s:capsB = s:B(102, '[^[' . s:nl . ']') . s:B(102, '[^' . s:nl . ']') . '*\%(' . s:sp
      \ . s:B(102, '[^' . s:nl . ']') . '*\)\+'
      \ . '[[:upper:]]\%(' . s:cw . '*' . s:more . '\|' . s:cw . '*' . s:cwe . '\)\='
call s:Match('bulletinTitle', '^\s*\zs[' . s:oq . ']\=\%(' . s:capsA . '\|' . s:capsB . '\)'
      \ . '[' . s:cq . ']\=\ze\s*\%<102c$')
" A short line (under 80 bytes, no final period) whose next non-blank line
" opens a lead.
call s:Match('bulletinTitle', '^\s*\zs' . s:Words(80) . '\ze\s*\n\%(\s*\n\)*\s*' . s:lead)
" A headline (under 150 bytes, no final period) whose next non-blank line
" gives the posting time.
call s:Match('bulletinTitle', '^\s*\zs' . s:Words(150) . '\ze\s*\n\%(\s*\n\)*\s*입력\s*\d')
" The first line of the file, when it is such a headline.
call s:Match('bulletinTitle', '\%^\s*\zs' . s:Words(150) . '\ze\s*$')

" Chrome ------------------------------------------------------------------
" Hangul and no Latin letter (the meta lines among them win, below).
call s:Match('bulletinChrome', '^\s*\zs[^A-Za-z' . s:hg . ']*[' . s:hg . '][^A-Za-z]*$')
call s:Match('bulletinChrome', '^\s*\zs\%(facebook\|twitter\|TOP\)\ze\s*$')
call s:Match('bulletinChrome', '^\s*\zsHome\s*>[^>]*>.*$')
call s:Match('bulletinChrome', '^\s*\zs■\s*제보하기.*$')

" Quote text, shared by the soundbite forms --------------------------------
" The text after a ":" (or a soundbite tag) to the end of the line; an
" opening quote mark and the closing mark at the end stay outside.
call s:Match('bulletinColonQuote', '\S\%(.*\S\)\=', 'contained transparent keepend contains=bulletinQuote')
call s:Match('bulletinQuoteOpen', '[' . s:oq . ']', 'contained transparent nextgroup=bulletinQuoteInner')
call s:Match('bulletinQuoteInner', '\S\%(.*[^[:space:]' . s:cq . ']\)\=',
      \ 'contained transparent keepend contains=bulletinQuote')

" Soundbites: slash form ---------------------------------------------------
" "Name Name / Role words" (the line under 300 bytes, no final . ? !), then
" the next non-blank line is the quote.
call s:Match('bulletinSlashName', '^\s*\zs' . s:name
      \ . '\ze\s*\/\s*\%(\%<300c[^[:space:]:]*\s\+\)*[^[:space:]:]*[^.?![:space:]:]\%<301c\s*$',
      \ 'transparent keepend contains=bulletinSpeaker nextgroup=bulletinSlashSep skipwhite')
call s:Match('bulletinSlashSep', '\/', 'contained transparent nextgroup=bulletinSlashRole skipwhite')
call s:Match('bulletinSlashRole', '[^[:space:]:]\%([^:]*[^[:space:]:]\)\=',
      \ 'contained transparent keepend contains=bulletinRole'
      \ . ' nextgroup=bulletinSlashQuote skipwhite skipnl skipempty')
" Not indented, not a tag or label.
call s:Match('bulletinSlashQuote', '^\%(\[\|\%(Anchor\|Report\):\)\@!\S\%(.*\S\)\=',
      \ 'contained transparent keepend contains=bulletinQuote')

" Soundbites: "Name (Role): Quote", "(Role): Quote", "Name: Quote" ----------
" After "[Soundbite] " on the same line: a quote that ends with a full stop,
" or a description (name only); the items below win over these.
call s:Match('bulletinCueQuote', '\S.*\.\ze\s*$', 'contained transparent keepend contains=bulletinQuote')
call s:Match('bulletinCueDesc', '[^[:space:](' . s:oq . ']\%(.*[^.[:space:]]\)\=\ze\s*$',
      \ 'contained transparent keepend contains=bulletinSpeaker')
" The parts after the name.
call s:Match('bulletinParenOpen', '(\ze' . s:role . '\%()\=\s*:\|)\=\s*$\)',
      \ 'contained transparent nextgroup=bulletinParenRole')
call s:Match('bulletinParenRole', s:role, 'contained transparent keepend contains=bulletinRole'
      \ . ' nextgroup=bulletinParenClose,bulletinColonSep skipwhite')
call s:Match('bulletinParenClose', ')', 'contained transparent nextgroup=bulletinColonSep skipwhite')
call s:Match('bulletinColonSep', ':', 'contained transparent'
      \ . ' nextgroup=bulletinColonQuote,bulletinQuoteOpen skipwhite')
" Untagged (colon and anon forms): the parentheses and the colon are required.
call s:Match('bulletinColonName', '^\s*\zs' . s:name . '\ze\s*(' . s:role . ')\=\s*:',
      \ 'transparent keepend contains=bulletinSpeaker nextgroup=bulletinParenOpen skipwhite')
call s:Match('bulletinAnonOpen', '^\s*\zs(\ze' . s:role . ')\=\s*:', 'transparent nextgroup=bulletinParenRole')
" After "[Soundbite] " on the same line: a quote opening with a quote mark,
" or "Name (Role) : Quote" / "Name : Quote" / "Name (Role)".
call s:Match('bulletinCueQuoteOpen', '[' . s:oq . ']', 'contained transparent nextgroup=bulletinQuoteInner')
call s:Match('bulletinCueName', s:name . '\ze\s*\%(\%((' . s:role . ')\=\)\=\s*:\|(' . s:role . ')\=\s*$\)',
      \ 'contained transparent keepend contains=bulletinSpeaker'
      \ . ' nextgroup=bulletinParenOpen,bulletinColonSep skipwhite')

" Soundbites: bracket form "[Name/Role, Org: "Quote"]" ------------------------
call s:Match('bulletinBracketOpen', '^\s*\zs\[\ze' . s:B(400, '[^]/:]') . '\+\%(\/' . s:B(400, '[^]:]') . '*\)\=:'
      \ . '\s*[' . s:oq . ']', 'transparent nextgroup=bulletinBracketName')
call s:Match('bulletinBracketName', '[^]/:[:space:]]\%([^]/:]*[^]/:[:space:]]\)\=',
      \ 'contained transparent keepend contains=bulletinSpeaker'
      \ . ' nextgroup=bulletinBracketSlash,bulletinBracketColon skipwhite')
call s:Match('bulletinBracketSlash', '\/', 'contained transparent nextgroup=bulletinBracketRole skipwhite')
call s:Match('bulletinBracketRole', '[^]:[:space:]]\%([^]:]*[^]:[:space:]]\)\=',
      \ 'contained transparent keepend contains=bulletinRole nextgroup=bulletinBracketColon skipwhite')
call s:Match('bulletinBracketColon', ':', 'contained transparent nextgroup=bulletinBracketQOpen skipwhite')
call s:Match('bulletinBracketQOpen', '[' . s:oq . ']', 'contained transparent nextgroup=bulletinBracketQuote')
" Up to the closing mark and "]" (or the end of a cut-off line).
call s:Match('bulletinBracketQuote', '\S\%(.*[^][:space:]' . s:cq . ']\)\=',
      \ 'contained transparent keepend contains=bulletinQuote')

" Unknown tags: "[" + 1-4 words + "]" at line start ------------------------
let s:uw = s:B(200, '[^][[:space:]:\/' . s:qm . ']')
call s:Match('bulletinUnknownTag', '^\s*\zs\[\s*' . s:uw . '\+\%(\s\+' . s:uw . '\+\)\{0,3}\s*\]')

" Meta --------------------------------------------------------------------
" "TITLE News Today 입력 ..." and other lines with a programme and a time.
call s:Match('bulletinMeta', '^\s*\zs[^[[:space:]]' . s:B(152, '.') . '*\s\%(News Today\|News 9\|KBS NEWS\)\s\+'
      \ . '\%(입력\|수정\)\%(.*\S\)\=')
" " date YYYY-MM-DD ...": the whole line; when a section tag follows, the
" date and the tag (the later item wins).
call s:Match('bulletinMeta', '^\s*\zsdate \d\{4}-\d\d-\d\d\>\%(.*\S\)\=')
call s:Match('bulletinMeta', '^\s*\zsdate \d\{4}-\d\d-\d\d\ze\s*' . s:sect, 'nextgroup=bulletinDateTag skipwhite')
call s:Match('bulletinDateTag', s:sect, 'contained transparent keepend contains=bulletinTag')
" 입력 (posted) / 수정 (updated) lines and bare timestamps.
call s:Match('bulletinMeta', '^\s*\zs\%(입력\|수정\)\s*\d\%(.*\S\)\=')
call s:Match('bulletinMeta', '^\s*\zs\d\{4}[-.]\d\d[-.]\d\d\%(\%(\s\+\|T\)(\=\d\d:\d\d\%(:\d\d\)\=)\=\)\=\ze\s*$')
" Programme tags: "[News] l DATE"; "[News Today] Title" (the rest is a title).
call s:Match('bulletinMeta', '^\s*\zs\[News\]\%(\s.*\S\)\=')
call s:Match('bulletinMeta', '^\s*\zs\[News Today\]', 'nextgroup=bulletinProgramTitle skipwhite')
call s:Match('bulletinProgramTitle', '\S\%(.*\S\)\=', 'contained transparent keepend contains=bulletinTitle')

" Section tags and labels ---------------------------------------------------
call s:Match('bulletinTag', '^\s*\zs' . s:sect)
call s:Match('bulletinTag', '^\s*\zs\%(Anchor\|Report\):')

" Soundbite tags ----------------------------------------------------------
" "[Soundbite]" alone: the attribution may follow on the next non-blank line.
call s:Match('bulletinCue', '^\s*\zs\[Soundbite\]\ze\s*$',
      \ 'nextgroup=bulletinCueName,bulletinParenOpen skipwhite skipnl skipempty')
call s:Match('bulletinCue', '^\s*\zs\[Soundbite\]\ze\s*\S', 'skipwhite nextgroup=bulletinCueQuote,'
      \ . 'bulletinCueDesc,bulletinCueQuoteOpen,bulletinParenOpen,bulletinCueName')
" Radio: "[Sound bite: Name - Role (Language)]", "[Sound bites from ...]";
" then a quote glued after "]", or the very next line when it opens with a
" quote mark (not indented).
call s:Match('bulletinCue', '^\s*\zs\[Sound \%(bite:\|bites from\>\)[^]]*\]',
      \ 'nextgroup=bulletinRadioGlued,bulletinRadioLine skipwhite skipnl')
call s:Match('bulletinRadioGlued', '[' . s:oq . ']', 'contained transparent nextgroup=bulletinQuoteInner')
call s:Match('bulletinRadioLine', '^[' . s:oq . ']\%(.*\S\)\=', 'contained transparent keepend contains=bulletinQuote')

" Leaves: each fills the helper that contains it ---------------------------
call s:Match('bulletinTag', '.\+', 'contained')
call s:Match('bulletinTitle', '.\+', 'contained')
call s:Match('bulletinSpeaker', '.\+', 'contained')
call s:Match('bulletinRole', '.\+', 'contained')
call s:Match('bulletinQuote', '.\+', 'contained')

" Every item is one line; a few chains reach over blank lines to the next
" non-blank one.
syn sync minlines=10

" The same default links as lua/bulletin/highlight.lua.
hi def link bulletinTag         Statement
hi def link bulletinCue         PreProc
hi def link bulletinUnknownTag  Error
hi def link bulletinTitle       Title
hi def link bulletinMeta        Comment
hi def link bulletinChrome      NonText
hi def link bulletinSpeaker     Identifier
hi def link bulletinRole        Type
hi def link bulletinQuote       String

let b:current_syntax = 'bulletin'

delfunction s:Match
delfunction s:B
delfunction s:Words
unlet s:hg s:oq s:cq s:qm s:nw s:name s:role s:sect s:lead s:nl s:cw s:cwe s:sp s:more s:capsA s:capsB s:uw

let &cpo = s:save_cpo
unlet s:save_cpo
