// Lint rules that keep the architecture true: the pure core (model, proxy,
// net, sim, scene) never touches the DOM, the clock or Math.random, and
// dependencies point inward.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const pureRestrictions = {
  'no-restricted-globals': [
    'error',
    { name: 'window', message: 'The core is DOM-free.' },
    { name: 'document', message: 'The core is DOM-free.' },
    { name: 'navigator', message: 'The core is DOM-free.' },
    { name: 'localStorage', message: 'The core is DOM-free.' },
    { name: 'setTimeout', message: 'Time is injected into the core.' },
    { name: 'setInterval', message: 'Time is injected into the core.' },
    { name: 'requestAnimationFrame', message: 'Time is injected into the core.' },
  ],
  'no-restricted-properties': [
    'error',
    { object: 'Math', property: 'random', message: 'Use the seeded RNG (injected).' },
    { object: 'Date', property: 'now', message: 'Use the injected clock.' },
    { object: 'performance', property: 'now', message: 'Use the injected clock.' },
  ],
};

const outward = (dirs) => ({
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        ...dirs.map((d) => ({ group: [`**/${d}/*`, `../${d}`, `../../${d}`], message: `Dependencies point inward: this folder may not import ${d}/.` })),
        { group: ['react', 'react-dom', 'd3', 'd3-*', 'zustand', '@codemirror/*'], message: 'The pure core may not import UI libraries.' },
      ],
    },
  ],
});

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'test-results', 'playwright-report', 'public'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  { files: ['src/model/**/*.ts'], rules: { ...pureRestrictions, ...outward(['proxy', 'net', 'sim', 'worker', 'store', 'scene', 'draw', 'ui', 'embed', 'cli']) } },
  { files: ['src/proxy/**/*.ts'], rules: { ...pureRestrictions, ...outward(['net', 'sim', 'worker', 'store', 'scene', 'draw', 'ui', 'embed', 'cli']) } },
  { files: ['src/net/**/*.ts'], rules: { ...pureRestrictions, ...outward(['sim', 'worker', 'store', 'scene', 'draw', 'ui', 'embed', 'cli']) } },
  { files: ['src/sim/**/*.ts'], rules: { ...pureRestrictions, ...outward(['worker', 'store', 'scene', 'draw', 'ui', 'embed', 'cli']) } },
  { files: ['src/scene/**/*.ts'], rules: { ...pureRestrictions, ...outward(['proxy', 'net', 'sim', 'worker', 'store', 'draw', 'ui', 'embed', 'cli']) } },
  {
    files: ['src/draw/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['react', 'react-dom', 'zustand', '**/store/*', '**/ui/*'], message: 'draw/ is d3 only: no React, no store.' }] }],
    },
  },
);
