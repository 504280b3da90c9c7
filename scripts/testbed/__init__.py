"""What the tests and the bench (`make bench`) both use, kept here so neither imports the other.

- fakeweb: a fake web on 127.0.0.1 that answers the link check as cited sites would, and logs
  every request, so a run can be checked for concurrency and politeness.
- sitehost: a built site served on 127.0.0.1, gzipped as a static host serves it.
- budgets: the limit each figure of the bench is held to, and the table that reports them.
"""
