export { DateTimeScalar } from '../src/scalars';
