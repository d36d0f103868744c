// `npm start`: opens Cinema. The desktop shell (electron/) is not built yet, so this says so in one
// line and points to the same app in a browser.
console.error('cinema: the desktop shell is not built yet; `npm run web` opens the same app in your browser.');
process.exit(1);
