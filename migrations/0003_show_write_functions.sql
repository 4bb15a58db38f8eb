-- A show's commit as one statement: the owner's fence, the journal entries and every row that must be durable with them, written from one JSON document. One round trip and one implicit transaction per batch; batches of a show are sent back to back on one connection, and each checks that the one before it committed (prev_seq), so a failed batch fails every batch behind it.
CREATE OR REPLACE FUNCTION showtime_commit(b jsonb) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  v_show text := b->>'show_id';
  v_epoch int := (b->>'epoch')::int;
  v_currency text := b->>'currency';
BEGIN
  UPDATE show_owners SET last_seq = (b->>'last_seq')::bigint,
      next_deadline_at = (b->>'next_deadline_at')::timestamptz,
      has_paying_holds = (b->>'has_paying_holds')::boolean
    WHERE show_id = v_show AND epoch = v_epoch AND last_seq = (b->>'prev_seq')::bigint;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'show %: epoch % may not write after seq %', v_show, v_epoch, b->>'prev_seq' USING ERRCODE = 'SHF01';
  END IF;

  IF jsonb_array_length(b->'journal') > 0 THEN
    INSERT INTO show_journal (show_id, seq, epoch, event, decisions, state, version)
    SELECT v_show, j.seq, v_epoch, j.event, j.decisions, j.state, 2
    FROM jsonb_to_recordset(b->'journal') AS j(seq bigint, event jsonb, decisions jsonb, state text);
  END IF;

  -- The money comes from the payment row, fixed when the customer accepted the quote: the machine knows seat prices only.
  IF jsonb_array_length(b->'bookings') > 0 THEN
    INSERT INTO bookings (id, show_id, user_id, hold_id, status, seats, ga_section, quantity, subtotal, discount, fees, total,
        currency, payment_id, created_at, cancelled_at)
    SELECT t.id, v_show, t.user_id, t.hold_id, t.status, t.seats, t.ga_section, t.quantity,
      coalesce(p.subtotal, t.total), coalesce(p.discount, 0), coalesce(p.fees, 0), coalesce(p.amount, t.total),
      v_currency, t.payment_id, t.created_at, t.cancelled_at
    FROM jsonb_to_recordset(b->'bookings') AS t(id text, user_id uuid, hold_id text, status text, seats jsonb, ga_section text,
        quantity int, total int, payment_id text, created_at timestamptz, cancelled_at timestamptz)
      LEFT JOIN payments p ON p.id = t.payment_id;
  END IF;

  IF jsonb_array_length(b->'tickets') > 0 THEN
    INSERT INTO tickets (id, booking_id, show_id, seat_id, code)
    SELECT t.id, t.booking_id, v_show, t.seat_id, t.code
    FROM jsonb_to_recordset(b->'tickets') AS t(id text, booking_id text, seat_id text, code text);
  END IF;

  IF jsonb_array_length(b->'captured') > 0 THEN
    UPDATE payments p SET status = 'captured', booking_id = v.booking_id, updated_at = now()
    FROM jsonb_to_recordset(b->'captured') AS v(payment_id text, booking_id text)
    WHERE p.id = v.payment_id;
  END IF;

  IF jsonb_array_length(b->'cancelled') > 0 THEN
    UPDATE bookings bk SET status = 'cancelled', cancelled_at = coalesce(bk.cancelled_at, v.at)
    FROM jsonb_to_recordset(b->'cancelled') AS v(id text, at timestamptz)
    WHERE bk.id = v.id;
  END IF;

  -- A cancelled show refunds everybody in full. The refund rows are written with the cancellation, so a crash before the gateway is called leaves them pending for the retrier, never forgotten.
  IF jsonb_array_length(b->'show_cancelled') > 0 THEN
    UPDATE bookings SET status = 'cancelled', cancelled_at = coalesce(cancelled_at, now())
    WHERE id IN (SELECT jsonb_array_elements_text(b->'show_cancelled'));
    INSERT INTO refunds (id, payment_id, booking_id, amount, status, reason)
    SELECT 'cancel-' || bk.id, bk.payment_id, bk.id, bk.total, 'pending', 'show_cancelled'
    FROM bookings bk WHERE bk.id IN (SELECT jsonb_array_elements_text(b->'show_cancelled'))
      AND NOT EXISTS (SELECT 1 FROM refunds r WHERE r.booking_id = bk.id);
  END IF;

  IF jsonb_typeof(b->'settings') = 'object' THEN
    UPDATE shows SET
      prices = CASE WHEN b->'settings' ? 'prices' THEN b->'settings'->'prices' ELSE prices END,
      sales_open_at = CASE WHEN b->'settings' ? 'salesOpenAt' THEN (b->'settings'->>'salesOpenAt')::timestamptz ELSE sales_open_at END,
      sales_close_at = CASE WHEN b->'settings' ? 'salesCloseAt' THEN (b->'settings'->>'salesCloseAt')::timestamptz ELSE sales_close_at END,
      hold_ttl_seconds = CASE WHEN b->'settings' ? 'holdTtlSeconds' THEN (b->'settings'->>'holdTtlSeconds')::int ELSE hold_ttl_seconds END
    WHERE id = v_show;
  END IF;

  -- After the bookings: a fact about a booking takes its user and the money paid from the booking row just written.
  IF jsonb_array_length(b->'facts') > 0 THEN
    INSERT INTO outbox (event_key, topic, user_id, show_id, payload)
    SELECT t.event_key, t.topic, coalesce(t.user_id, bk.user_id), v_show,
      t.payload || jsonb_build_object('currency', v_currency) || CASE WHEN bk.id IS NULL THEN '{}'::jsonb
        ELSE jsonb_build_object('userId', bk.user_id, 'total', bk.total, 'currency', bk.currency) END
    FROM jsonb_to_recordset(b->'facts') AS t(event_key text, topic text, user_id uuid, booking_id text, payload jsonb)
      LEFT JOIN bookings bk ON bk.id = t.booking_id
    ON CONFLICT (event_key) DO NOTHING;
  END IF;

  -- The counts listings show (published state is committed state); one row per batch, not per command.
  IF jsonb_typeof(b->'summary') = 'object' THEN
    INSERT INTO show_stats (show_id, state, capacity, available, held, booked, waitlist_length, categories, updated_at)
    SELECT v_show, s.state, s.capacity, s.available, s.held, s.booked, s."waitlistLength", s.categories, now()
    FROM jsonb_to_record(b->'summary') AS s(state text, capacity int, available int, held int, booked int,
        "waitlistLength" int, categories jsonb)
    ON CONFLICT (show_id) DO UPDATE SET state = excluded.state, capacity = excluded.capacity,
      available = excluded.available, held = excluded.held, booked = excluded.booked,
      waitlist_length = excluded.waitlist_length, categories = excluded.categories, updated_at = now();
  END IF;

  IF jsonb_typeof(b->'snapshot') = 'object' THEN
    INSERT INTO show_snapshots (show_id, seq, machine_id, snapshot, taken_at)
    VALUES (v_show, (b->'snapshot'->>'seq')::bigint, b->'snapshot'->>'machine_id', b->'snapshot'->'snapshot', now())
    ON CONFLICT (show_id) DO UPDATE SET seq = excluded.seq, machine_id = excluded.machine_id,
      snapshot = excluded.snapshot, taken_at = now();
  END IF;
END
$$;
--> statement-breakpoint
-- The asynchronous read models of a show (holds and waitlist entries), brought from seq from_seq to to_seq in one statement. The checkpoint moves only from the value the projector read, so a projection that raced another one rolls back and is redone from the journal.
CREATE OR REPLACE FUNCTION showtime_project(p jsonb) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  v_show text := p->>'show_id';
  v_currency text := p->>'currency';
BEGIN
  UPDATE show_projections SET seq = (p->>'to_seq')::bigint, updated_at = now()
    WHERE show_id = v_show AND seq = (p->>'from_seq')::bigint;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'show %: projection is no longer at seq %', v_show, p->>'from_seq' USING ERRCODE = 'SHP01';
  END IF;

  IF jsonb_array_length(p->'holds') > 0 THEN
    INSERT INTO holds (id, show_id, user_id, status, seats, ga_section, quantity, total, currency, expires_at, deadline_at,
        payment_id, booking_id, entry_id, created_at)
    SELECT t.id, v_show, t.user_id, t.status, t.seats, t.ga_section, t.quantity, t.total, v_currency, t.expires_at,
      t.deadline_at, t.payment_id, t.booking_id, t.entry_id, t.created_at
    FROM jsonb_to_recordset(p->'holds') AS t(id text, user_id uuid, status text, seats jsonb, ga_section text, quantity int,
        total int, expires_at timestamptz, deadline_at timestamptz, payment_id text, booking_id text, entry_id text,
        created_at timestamptz)
    ON CONFLICT (id) DO UPDATE SET status = excluded.status, payment_id = excluded.payment_id,
      booking_id = excluded.booking_id, updated_at = now();
  END IF;

  IF jsonb_array_length(p->'hold_patches') > 0 THEN
    UPDATE holds h SET status = coalesce(v.status, h.status), payment_id = coalesce(v.payment_id, h.payment_id),
      booking_id = coalesce(v.booking_id, h.booking_id), updated_at = now()
    FROM jsonb_to_recordset(p->'hold_patches') AS v(id text, status text, payment_id text, booking_id text)
    WHERE h.id = v.id;
  END IF;

  IF jsonb_array_length(p->'entries') > 0 THEN
    INSERT INTO waitlist_entries (id, show_id, user_id, quantity, category, section, status, hold_id, joined_at, expires_at)
    SELECT t.id, v_show, t.user_id, t.quantity, t.category, t.section, t.status, t.hold_id, t.joined_at, t.expires_at
    FROM jsonb_to_recordset(p->'entries') AS t(id text, user_id uuid, quantity int, category text, section text,
        status text, hold_id text, joined_at timestamptz, expires_at timestamptz)
    ON CONFLICT (id) DO UPDATE SET status = excluded.status, hold_id = excluded.hold_id, updated_at = now();
  END IF;

  IF jsonb_array_length(p->'entry_patches') > 0 THEN
    UPDATE waitlist_entries w SET status = coalesce(v.status, w.status), hold_id = coalesce(v.hold_id, w.hold_id),
      updated_at = now()
    FROM jsonb_to_recordset(p->'entry_patches') AS v(id text, status text, hold_id text)
    WHERE w.id = v.id;
  END IF;
END
$$;
