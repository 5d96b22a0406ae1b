/** A handful of issues of one product: two pairs that report the same problem in other words, and the rest unrelated. */
export const CORPUS = [
  { number: 1, title: 'Crash when opening the bookmarks sidebar', body: 'The browser crashes as soon as I open the bookmarks sidebar with many folders. Happens every time since the update.' },
  { number: 2, title: 'Spell checker underlines every word in composer', body: 'In the mail composer the spell checker marks all words as wrong, even correct English ones, after switching dictionaries.' },
  { number: 3, title: 'Add a dark theme for the address book', body: 'It would be nice to have a dark theme option for the address book window, matching the rest of the application.' },
  { number: 4, title: 'Printing a page cuts off the right margin', body: 'When I print any web page the right margin is cut off and the last words of each line are missing on paper.' },
  { number: 5, title: 'Bookmarks sidebar makes the browser crash', body: 'Opening the sidebar for bookmarks crashes the whole browser. My bookmarks have many nested folders.' },
  { number: 6, title: 'IMAP folders do not refresh automatically', body: 'New mail in IMAP folders only shows after restarting; the folders do not refresh on their own anymore.' },
  { number: 7, title: 'Composer spell checking flags correct words', body: 'Since changing the dictionary, the spell checker in the composer flags correct English words as misspelled.' },
  { number: 8, title: 'Allow reordering toolbar buttons', body: 'Please allow dragging toolbar buttons to reorder them, like other applications allow for their toolbars.' },
];
