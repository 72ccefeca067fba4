// Types for fft.js (radix-4 FFT, Fedor Indutny), which ships none: the part the stitcher uses.
declare module 'fft.js' {
  export default class FFT {
    constructor(size: number);
    createComplexArray(): number[];
    /** `output` and `input` are interleaved complex arrays (re, im, re, im, …) of the transform's size. */
    transform(output: number[], input: number[]): void;
    /** Scaled by 1/size. */
    inverseTransform(output: number[], input: number[]): void;
  }
}
