// fontkit ships no type declarations; fonts.ts narrows what it uses.
declare module 'fontkit';
