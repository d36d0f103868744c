// `npm start`: opens Cinema. The desktop shell (electron/) and the web UI (renderer/) are not built
// yet, so for now this says so plainly instead of pretending to start something.
console.error('cinema: the desktop app and its web build are not built yet; today Cinema is its event store.');
console.error('cinema: run `npm test` for the store\'s tests and `npm run bench` for its benchmark (see README.md).');
process.exit(1);
