// The ES module entry point of frontdesk: the same binding as `index.js`
// (CommonJS), whose named exports Node detects statically.
export * from './index.js'
export { default } from './index.js'
