// First-layer weights as pictures, and the test inputs each first-layer unit answers most to.
// For image data (the 8 x 8 digits, or a CSV whose feature count is a perfect square) column u
// of coefs_[0] holds one weight per pixel, so it can be looked at as an image, as in
// scikit-learn's "Visualization of MLP weights on MNIST" example: gray colour map, one scale
// shared by every unit (the course's 4 x 4 picture, or all units on a symmetric scale). Both
// views paint unit by unit into an offscreen atlas until a deadline (like the features view),
// then copy tiles out of it without smoothing, so that image pixels stay crisp squares. Units are labelled from 1, as in the network diagram.
//
// Its parts, in weights/: the pure maths (maths.js), the layout (layout.js), the painting
// helpers (painting.js), the course's colour mapping (course.js), the hover's hit tests
// (hit-test.js), the shell both views share (shell.js) and the two views (weight-images.js,
// activating.js).

export { createActivatingView } from './weights/activating.js';
export { COURSE_GRAY, COURSE_UNITS, colormapIndex, courseGray, courseIndex, courseRange, grayOfIndex, matshowNormalizer } from './weights/course.js';
export { activatingLayout, courseGridLayout, fitImage, weightGridLayout } from './weights/layout.js';
export { firstLayerWeights, imageShapeFor, topActivating } from './weights/maths.js';
export { WEIGHT_MODES, createWeightImagesView } from './weights/weight-images.js';
