import { releaseEndedReservations } from './freePort.js';

/** After the whole run: the port reservations its test processes left behind are removed. */
export default function setup(): () => void {
  return () => releaseEndedReservations();
}
