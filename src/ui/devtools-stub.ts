// Stands in for `react-devtools-core` in the bundled wizard (see package.json "bundle-ui"):
// Ink imports it statically but only uses it when DEV=true, and it is not a dependency.
export default {
  initialize(): void {},
  connectToDevTools(): void {},
};
