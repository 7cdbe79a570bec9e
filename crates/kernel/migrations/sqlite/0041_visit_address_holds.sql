-- One row per mail address that has booked a visit: a booking takes the
-- row's lock before counting the address's bookings, so concurrent bookings
-- of one address are counted one after the other (on PostgreSQL a plain
-- count under READ COMMITTED would let them all pass the limit).
CREATE TABLE visit_address_holds (
    email TEXT PRIMARY KEY
);
