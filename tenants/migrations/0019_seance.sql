-- The séance itself (issue 15): opened on the meeting's day, with its secretaries, the huis clos, the
-- arrivals and departures, the pouvoirs in force, the quorum checks, the current item, the interest
-- declarations, and the votes. Every change is also chained in the evidence ledger and published on the
-- séance's live channel (seance_event).
create table seance (
  meeting_id uuid primary key references meeting (id),
  status text not null check (status in ('OPEN', 'SUSPENDED', 'CLOSED', 'NO_QUORUM')),
  electronic_voting boolean not null default false,
  opened_at timestamptz not null,
  opened_by uuid not null,
  closed_at timestamptz,
  -- Secrétaire(s) de séance (L2121-15): members named at the opening.
  secretary_ids uuid[] not null default '{}',
  -- Huis clos (L2121-18): decided by the assembly, recorded with its time.
  closed_session boolean not null default false,
  closed_session_at timestamptz,
  current_item_id uuid references agenda_item (id),
  -- Set when a departure takes the presence below the quorum; cleared when an arrival restores it.
  quorum_lost_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (closed_at is null or status in ('CLOSED', 'NO_QUORUM'))
);

-- One row per stay in the room: arrival, then departure (null while present).
create table seance_presence (
  id uuid primary key,
  meeting_id uuid not null references seance (meeting_id),
  person_id uuid not null,
  arrived_at timestamptz not null,
  left_at timestamptz,
  recorded_by uuid not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (left_at is null or left_at >= arrived_at)
);
create unique index seance_presence_in_room on seance_presence (meeting_id, person_id) where left_at is null;

-- The pouvoirs in force during the séance: the ones announced before it (ANNOUNCED), and the ones handed
-- by a member leaving the room (HANDED). A pouvoir ends when its giver arrives or its holder leaves.
create table seance_proxy (
  id uuid primary key,
  meeting_id uuid not null references seance (meeting_id),
  giver_id uuid not null,
  holder_id uuid not null,
  origin text not null check (origin in ('ANNOUNCED', 'HANDED')),
  valid_from timestamptz not null,
  valid_until timestamptz,
  recorded_by uuid not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (giver_id <> holder_id)
);
create unique index seance_proxy_one_per_giver on seance_proxy (meeting_id, giver_id) where valid_until is null;

-- Each quorum check, as recorded (at the opening, before each vote, on request).
create table seance_quorum_check (
  id uuid primary key,
  meeting_id uuid not null references seance (meeting_id),
  occasion text not null check (occasion in ('OPENING', 'VOTE', 'REQUEST')),
  item_id uuid references agenda_item (id),
  checked_at timestamptz not null,
  members_in_office integer not null,
  present integer not null,
  represented integer not null,
  required integer,
  counted integer not null,
  reached boolean,
  article text,
  checked_by uuid not null,
  created_at timestamptz not null default now()
);

-- What happened to each item in the séance: discussed and voted, withdrawn, adjourned.
create table seance_item (
  meeting_id uuid not null references seance (meeting_id),
  item_id uuid not null references agenda_item (id),
  status text not null check (status in ('WITHDRAWN', 'ADJOURNED')),
  decided_at timestamptz not null,
  decided_by uuid not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (meeting_id, item_id)
);

-- L2131-11: a member interested in an item steps out of its vote and is not counted in it.
create table seance_interest (
  meeting_id uuid not null references seance (meeting_id),
  item_id uuid not null references agenda_item (id),
  person_id uuid not null,
  declared_at timestamptz not null,
  recorded_by uuid not null,
  created_at timestamptz not null default now(),
  primary key (item_id, person_id)
);

create table seance_vote (
  id uuid primary key,
  meeting_id uuid not null references seance (meeting_id),
  item_id uuid not null references agenda_item (id),
  method text not null check (method in ('HAND', 'PUBLIC', 'SECRET')),
  -- Why a public or secret ballot: the members who asked (L2121-21), or a nomination.
  requested_by uuid[] not null default '{}',
  nomination boolean not null default false,
  electronic boolean not null,
  status text not null check (status in ('OPEN', 'CLOSED')),
  opened_at timestamptz not null,
  opened_by uuid not null,
  closed_at timestamptz,
  closed_by uuid,
  quorum_check_id uuid not null references seance_quorum_check (id),
  -- The figures once closed (entered by the secretariat, or counted from the ballots).
  votes_for integer,
  votes_against integer,
  abstentions integer,
  not_voting integer,
  blank integer,
  spoiled integer,
  entered_by_secretariat boolean not null default false,
  president_choice text check (president_choice in ('FOR', 'AGAINST')),
  result text check (result in ('ADOPTED', 'REJECTED')),
  expressed integer,
  majority integer,
  tie boolean,
  casting_vote_used boolean,
  article text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check ((status = 'CLOSED') = (result is not null))
);
create unique index seance_vote_one_open on seance_vote (meeting_id) where status = 'OPEN';

-- A ballot of a hand or public vote cast from a tablet: whose vote (the member, or the giver of the
-- pouvoir the caster holds), who cast it, the choice. Never used for a secret ballot.
create table seance_ballot (
  vote_id uuid not null references seance_vote (id),
  voter_id uuid not null,
  cast_by uuid not null,
  choice text not null check (choice in ('FOR', 'AGAINST', 'ABSTENTION', 'NOT_VOTING')),
  cast_at timestamptz not null,
  primary key (vote_id, voter_id)
);

-- A secret ballot keeps who took part and, apart, how many chose what: no row, no column, no time links
-- a voter to a choice (no timestamps on either table).
create table seance_secret_participation (
  vote_id uuid not null references seance_vote (id),
  voter_id uuid not null,
  primary key (vote_id, voter_id)
);
create table seance_secret_tally (
  vote_id uuid not null references seance_vote (id),
  choice text not null check (choice in ('FOR', 'AGAINST', 'BLANK')),
  ballots integer not null default 0,
  primary key (vote_id, choice)
);

-- The live channel: every event of the séance, for the tablets that follow it and catch up.
-- `audience` MANAGERS: the live count, seen by the président and the secretariat only. `tx`, the
-- inserting transaction, orders delivery by commit: a follower's position is a snapshot
-- (pg_current_snapshot), and what it has not seen is what that snapshot does not show — ballots commit
-- in parallel, so the ids (taken at insert) are not in commit order.
create table seance_event (
  id bigserial primary key,
  meeting_id uuid not null references seance (meeting_id),
  kind text not null,
  audience text not null check (audience in ('ALL', 'MANAGERS')),
  payload jsonb not null,
  tx xid8 not null default pg_current_xact_id(),
  created_at timestamptz not null default now()
);
create index seance_event_meeting on seance_event (meeting_id, tx);
