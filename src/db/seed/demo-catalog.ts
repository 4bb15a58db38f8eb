import type { CancellationPolicy } from '../../policies/cancellation.js';
import type { EventCategory, HallLayout } from '../schema/index.js';
import type { EventInput } from '../queries/catalog.js';
import { cinemaLayout, general, letterRows, numberedRows, reserved, trainLayout } from './layouts.js';

/** Ids a README, a demo script or a test can rely on after `seedDemo`. */
export const DEMO_IDS = {
  /** The classic show: exactly 100 seats (rows A-J x 10; A-C premium, D-J regular), on sale at once. */
  classicConcertShow: 'concert_2025',
  movieShow: 'movie-last-orbit-berlin',
  /** Reserved stands plus a general-admission standing area. */
  mixedStadiumShow: 'aurora-skies-london',
  trainShow: 'ice-berlin-munich',
  /** Sales open two days after seeding: the show starts in state `scheduled`. */
  scheduledShow: 'aurora-skies-london-extra',
  cities: ['berlin', 'london', 'paris', 'mumbai'],
} as const;

export const demoCities = [
  { id: 'berlin', name: 'Berlin' },
  { id: 'london', name: 'London' },
  { id: 'paris', name: 'Paris' },
  { id: 'mumbai', name: 'Mumbai' },
];

export type Currency = 'EUR' | 'GBP' | 'INR';

export interface DemoVenue {
  key: string;
  name: string;
  city: string;
  address: string;
  postalCode: string;
  /** Where the address is (WGS 84), so near-me searches over the demo give true distances. */
  location: { latitude: number; longitude: number };
  currency: Currency;
  /** The venue's IANA zone: demo times are local hours on its clock, summer time included. */
  timeZone: string;
  halls: { key: string; name: string; layout: HallLayout }[];
}

export const demoVenues: DemoVenue[] = [
  {
    key: 'kino-lichtburg',
    name: 'Kino Lichtburg',
    city: 'berlin',
    address: 'Oranienstraße 12, 10999 Berlin',
    postalCode: '10999',
    location: { latitude: 52.50094, longitude: 13.42168 },
    currency: 'EUR',
    timeZone: 'Europe/Berlin',
    halls: [
      { key: 'saal-1', name: 'Saal 1', layout: cinemaLayout(8, 12, 3) },
      { key: 'saal-2', name: 'Saal 2', layout: cinemaLayout(6, 10, 2) },
    ],
  },
  {
    key: 'riverside-picturehouse',
    name: 'Riverside Picturehouse',
    city: 'london',
    address: '41 Bankside, London SE1 9JE',
    postalCode: 'SE1 9JE',
    location: { latitude: 51.50788, longitude: -0.0977 },
    currency: 'GBP',
    timeZone: 'Europe/London',
    halls: [{ key: 'screen-1', name: 'Screen 1', layout: cinemaLayout(8, 12, 3) }],
  },
  {
    key: 'cinema-lumiere',
    name: 'Cinéma Lumière',
    city: 'paris',
    address: '7 rue des Écoles, 75005 Paris',
    postalCode: '75005',
    location: { latitude: 48.84867, longitude: 2.35268 },
    currency: 'EUR',
    timeZone: 'Europe/Paris',
    halls: [{ key: 'salle-1', name: 'Salle 1', layout: cinemaLayout(6, 10, 2) }],
  },
  {
    key: 'regal-talkies',
    name: 'Regal Talkies',
    city: 'mumbai',
    address: 'Colaba Causeway, Mumbai 400001',
    postalCode: '400001',
    location: { latitude: 18.92396, longitude: 72.83166 },
    currency: 'INR',
    timeZone: 'Asia/Kolkata',
    halls: [
      { key: 'audi-1', name: 'Audi 1', layout: cinemaLayout(8, 12, 3) },
      { key: 'audi-2', name: 'Audi 2', layout: cinemaLayout(6, 10, 2) },
    ],
  },
  {
    key: 'philharmonie',
    name: 'Philharmonie am Park',
    city: 'berlin',
    address: 'Parkallee 1, 10785 Berlin',
    postalCode: '10785',
    location: { latitude: 52.5097, longitude: 13.3699 },
    currency: 'EUR',
    timeZone: 'Europe/Berlin',
    halls: [
      {
        key: 'grosser-saal',
        name: 'Großer Saal',
        layout: {
          sections: [
            reserved('Stalls', letterRows('A', 12, 20, 'stalls')),
            reserved('Balcony', numberedRows('BA', 4, 16, 'balcony')),
          ],
        },
      },
      {
        key: 'kammersaal',
        name: 'Kammersaal',
        layout: {
          sections: [reserved('Stalls', letterRows('A', 3, 10, 'premium'), letterRows('D', 7, 10, 'regular'))],
        },
      },
    ],
  },
  {
    key: 'southbank-hall',
    name: 'Southbank Concert Hall',
    city: 'london',
    address: 'Belvedere Road, London SE1 8XX',
    postalCode: 'SE1 8XX',
    location: { latitude: 51.50553, longitude: -0.11657 },
    currency: 'GBP',
    timeZone: 'Europe/London',
    halls: [
      {
        key: 'main-hall',
        name: 'Main Hall',
        layout: {
          sections: [
            reserved('Stalls', letterRows('A', 10, 18, 'stalls')),
            reserved('Balcony', numberedRows('BA', 3, 14, 'balcony')),
          ],
        },
      },
    ],
  },
  {
    key: 'theatre-marais',
    name: 'Théâtre du Marais',
    city: 'paris',
    address: '24 rue Vieille-du-Temple, 75004 Paris',
    postalCode: '75004',
    location: { latitude: 48.85718, longitude: 2.35787 },
    currency: 'EUR',
    timeZone: 'Europe/Paris',
    halls: [
      {
        key: 'grande-salle',
        name: 'Grande Salle',
        layout: {
          sections: [
            reserved('Orchestre', letterRows('A', 8, 14, 'orchestre')),
            reserved('Balcon', numberedRows('BA', 3, 12, 'balcon')),
          ],
        },
      },
    ],
  },
  {
    key: 'riverside-stadium',
    name: 'Riverside Stadium',
    city: 'london',
    address: 'Stadium Way, London E20 2ST',
    postalCode: 'E20 2ST',
    location: { latitude: 51.53864, longitude: -0.01658 },
    currency: 'GBP',
    timeZone: 'Europe/London',
    halls: [
      {
        key: 'arena',
        name: 'Arena',
        layout: {
          sections: [
            reserved('VIP Box', numberedRows('V', 2, 10, 'vip')),
            reserved('North Stand', numberedRows('N', 12, 30, 'stand')),
            reserved('South Stand', numberedRows('S', 12, 30, 'stand')),
            general('Pitch Standing', 2000, 'standing'),
          ],
        },
      },
    ],
  },
  {
    key: 'marine-drive-stadium',
    name: 'Marine Drive Stadium',
    city: 'mumbai',
    address: 'Marine Drive, Churchgate, Mumbai 400020',
    postalCode: '400020',
    location: { latitude: 18.93885, longitude: 72.82579 },
    currency: 'INR',
    timeZone: 'Asia/Kolkata',
    halls: [
      {
        key: 'ground',
        name: 'Ground',
        layout: {
          sections: [
            reserved('Pavilion', numberedRows('P', 8, 25, 'pavilion')),
            general('East Stand', 1500, 'general'),
            general('West Stand', 1500, 'general'),
          ],
        },
      },
    ],
  },
  {
    key: 'ice-fleet',
    name: 'ICE Sprinter (departs Berlin Hbf)',
    city: 'berlin',
    address: 'Europaplatz 1, 10557 Berlin',
    postalCode: '10557',
    location: { latitude: 52.52508, longitude: 13.3694 },
    currency: 'EUR',
    timeZone: 'Europe/Berlin',
    halls: [
      {
        key: 'ice-1001',
        name: 'ICE 1001',
        layout: trainLayout([
          { number: 1, rows: 8, seatsPerRow: 3, category: 'first' },
          { number: 2, rows: 12, seatsPerRow: 4, category: 'second' },
          { number: 3, rows: 12, seatsPerRow: 4, category: 'second' },
        ]),
      },
    ],
  },
  {
    key: 'deccan-line',
    name: 'Deccan Queen (departs Mumbai CSMT)',
    city: 'mumbai',
    address: 'Chhatrapati Shivaji Maharaj Terminus, Mumbai 400001',
    postalCode: '400001',
    location: { latitude: 18.94017, longitude: 72.83564 },
    currency: 'INR',
    timeZone: 'Asia/Kolkata',
    halls: [
      {
        key: 'deccan-queen',
        name: 'Deccan Queen',
        layout: trainLayout([
          { number: 1, rows: 10, seatsPerRow: 4, category: 'ac-chair' },
          { number: 2, rows: 14, seatsPerRow: 5, category: 'second-sitting' },
          { number: 3, rows: 14, seatsPerRow: 5, category: 'second-sitting' },
        ]),
      },
    ],
  },
];

type DemoEvent = EventInput & { id: string; category: EventCategory };

export const demoEvents: DemoEvent[] = [
  {
    id: 'the-last-orbit',
    title: 'The Last Orbit',
    category: 'movie',
    description: 'A salvage crew drifts past the edge of the solar system and finds a signal that should not exist.',
    genre: 'Science fiction',
    language: 'English',
    durationMinutes: 142,
    rating: 'PG-13',
    performers: ['Maya Okafor', 'Daniel Reyes'],
    details: { director: 'Ines Calder' },
  },
  {
    id: 'midnight-in-kreuzberg',
    title: 'Midnight in Kreuzberg',
    category: 'movie',
    description: 'Two night-shift workers, one long night, and a city that never quite sleeps.',
    genre: 'Drama',
    language: 'German',
    durationMinutes: 108,
    rating: 'FSK 12',
    performers: ['Lena Brandt', 'Yusuf Demir'],
    details: { director: 'Jonas Weller', subtitles: 'English' },
  },
  {
    id: 'monsoon-hearts',
    title: 'Monsoon Hearts',
    category: 'movie',
    description: 'A wedding planner and a stranded architect, one rainy season in Mumbai.',
    genre: 'Romance',
    language: 'Hindi',
    durationMinutes: 156,
    rating: 'U/A',
    performers: ['Anaya Kapoor', 'Rohan Mehta'],
    details: { director: 'Priya Sethi', subtitles: 'English' },
  },
  {
    id: 'paper-lanterns',
    title: 'Paper Lanterns',
    category: 'movie',
    description: 'An animated fable about a lantern maker who lights the way for lost spirits.',
    genre: 'Animation',
    language: 'English',
    durationMinutes: 95,
    rating: 'U',
    performers: ['Voice cast: Sam Lee', 'Ada Brooks'],
    details: { director: 'Hana Mori' },
  },
  {
    id: 'le-dernier-tramway',
    title: 'Le Dernier Tramway',
    category: 'movie',
    description: 'Une comédie sur trois inconnus coincés dans le dernier tram de la nuit.',
    genre: 'Comedy',
    language: 'French',
    durationMinutes: 101,
    rating: 'Tous publics',
    performers: ['Claire Dumas', 'Hugo Lefèvre'],
    details: { director: 'Marc Aubry', subtitles: 'English' },
  },
  {
    id: 'shadow-protocol',
    title: 'Shadow Protocol',
    category: 'movie',
    description: 'An analyst discovers the agency she works for has been erased from every record.',
    genre: 'Thriller',
    language: 'English',
    durationMinutes: 128,
    rating: '15',
    performers: ['Nora Quinn', 'Idris Cole'],
    details: { director: 'Ben Hartley' },
  },
  {
    id: 'classic-night',
    title: 'Classic Night: Beethoven & Brahms',
    category: 'concert',
    description: "The Kammerensemble Berlin plays Beethoven's Septet and Brahms' Clarinet Quintet.",
    genre: 'Classical',
    durationMinutes: 110,
    performers: ['Kammerensemble Berlin'],
  },
  {
    id: 'symphony-of-the-sea',
    title: 'Symphony of the Sea',
    category: 'concert',
    description: "Debussy's La Mer and Britten's Sea Interludes with the Philharmonie Orchestra.",
    genre: 'Classical',
    durationMinutes: 120,
    performers: ['Philharmonie Orchestra', 'Conductor: Elena Marsh'],
  },
  {
    id: 'southbank-jazz',
    title: 'Late Night Jazz at the Southbank',
    category: 'concert',
    description: 'A quartet set of standards and new work, late into the evening.',
    genre: 'Jazz',
    durationMinutes: 100,
    performers: ['The Tideway Quartet'],
  },
  {
    id: 'aurora-skies-live',
    title: 'Aurora Skies — Live',
    category: 'concert',
    description: 'The stadium tour: seated stands and a standing pit in front of the stage.',
    genre: 'Pop',
    durationMinutes: 150,
    performers: ['Aurora Skies'],
  },
  {
    id: 'le-malade-imaginaire',
    title: 'Le Malade imaginaire',
    category: 'theatre',
    description: "Molière's last comedy in a new staging.",
    genre: 'Comedy',
    language: 'French',
    durationMinutes: 130,
    performers: ['Compagnie du Marais'],
  },
  {
    id: 'riverside-derby',
    title: 'Riverside FC vs Harbour United',
    category: 'sports',
    description: 'League match. Seated stands and the standing pitch-side terrace.',
    genre: 'Football',
    durationMinutes: 110,
    performers: ['Riverside FC', 'Harbour United'],
  },
  {
    id: 'mumbai-t20',
    title: 'Mumbai Mavericks vs Delhi Dynamos',
    category: 'sports',
    description: 'T20 league night match.',
    genre: 'Cricket',
    durationMinutes: 210,
    performers: ['Mumbai Mavericks', 'Delhi Dynamos'],
  },
  {
    id: 'ice-berlin-munich',
    title: 'ICE Berlin → München',
    category: 'train',
    description: 'High-speed service with a first-class coach and two second-class coaches.',
    durationMinutes: 240,
    details: {
      trainNumber: 'ICE 1001',
      route: 'Berlin Hbf → München Hbf',
      stops: [
        { station: 'Berlin Hbf', departsAfterMinutes: 0 },
        { station: 'Halle (Saale) Hbf', departsAfterMinutes: 65 },
        { station: 'Erfurt Hbf', departsAfterMinutes: 110 },
        { station: 'Nürnberg Hbf', departsAfterMinutes: 175 },
        { station: 'München Hbf', arrivesAfterMinutes: 240 },
      ],
    },
  },
  {
    id: 'deccan-queen-mumbai-pune',
    title: 'Deccan Queen Mumbai → Pune',
    category: 'train',
    description: 'The classic morning express over the Western Ghats.',
    durationMinutes: 195,
    details: {
      trainNumber: '12123',
      route: 'Mumbai CSMT → Pune Jn',
      stops: [
        { station: 'Mumbai CSMT', departsAfterMinutes: 0 },
        { station: 'Dadar', departsAfterMinutes: 12 },
        { station: 'Thane', departsAfterMinutes: 30 },
        { station: 'Kalyan', departsAfterMinutes: 50 },
        { station: 'Lonavala', departsAfterMinutes: 140 },
        { station: 'Pune Jn', arrivesAfterMinutes: 195 },
      ],
    },
  },
];

/** Prices per category in minor units, by venue kind and currency. */
export const cinemaPrices: Record<Currency, { regular: number; premium: number }> = {
  EUR: { regular: 1200, premium: 1650 },
  GBP: { regular: 1150, premium: 1550 },
  INR: { regular: 25000, premium: 38000 },
};

/** Cinemas refund in full until a day before, half until an hour before. */
export const cinemaPolicy: CancellationPolicy = {
  rules: [
    { hoursBefore: 24, refundPercent: 100 },
    { hoursBefore: 1, refundPercent: 50 },
  ],
};

/** Trains refund in full until a day before and 75% up to departure. */
export const trainPolicy: CancellationPolicy = {
  rules: [
    { hoursBefore: 24, refundPercent: 100 },
    { hoursBefore: 0, refundPercent: 75 },
  ],
};
