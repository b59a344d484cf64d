export { DateTimeScalar, JSONScalar } from '../src/scalars';
