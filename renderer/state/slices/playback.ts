// Playback: whether the recording plays and how fast (session/playback.ts runs it).
import type { Setter } from '../slice';

export type Speed = 0.25 | 0.5 | 1 | 2 | 4 | 8 | 16 | 'original';

export interface PlaybackSlice {
  playing: boolean;
  speed: Speed;
  setPlaying(p: boolean): void;
  setSpeed(s: Speed): void;
}

export function createPlaybackSlice(set: Setter<PlaybackSlice>): PlaybackSlice {
  return {
    playing: false,
    speed: 1,
    setPlaying: (playing) => set({ playing }),
    setSpeed: (speed) => set({ speed }),
  };
}

export const playbackSelectors = {
  playing: (s: PlaybackSlice) => s.playing,
  speed: (s: PlaybackSlice) => s.speed,
};
